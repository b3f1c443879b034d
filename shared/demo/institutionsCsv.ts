/**
 * The 40 fictional institutions of the demo, with one whole step per theme from the 2020–21 round
 * (exact copy of shared/fixtures/institutions.csv beside the repository; a unit test checks that the
 * two are byte for byte equal). Kept in the bundle: nothing reads ../shared at run time.
 *
 * Columns: id, navn, type, ejerform, born_0_2, born_3_5, enheder, kompetencecenter_pladser,
 * paed_social_inklusion, then the seven theme steps T1_org … T7_ovg in framework order.
 */
export const INSTITUTIONS_CSV = `id,navn,type,ejerform,born_0_2,born_3_5,enheder,kompetencecenter_pladser,paed_social_inklusion,T1_org,T2_fys,T3_int,T4_leg,T5_rut,T6_komp,T7_ovg
DI-01,Agerhønen,vuggestue,kommunal,36,0,72,0,0,3,2,4,3,3,2,3
DI-02,Bakkehuset,vuggestue,selvejende,44,0,88,0,5,2,4,3,3,2,2,4
DI-03,Birkely,vuggestue,kommunal,52,0,104,0,0,2,2,3,4,3,3,2
DI-04,Bøgehuset,børnehave,selvejende,0,58,58,0,1,3,3,4,3,3,2,2
DI-05,Egebo,børnehave,selvejende,0,66,66,0,7,2,3,3,3,4,3,3
DI-06,Elmehøj,børnehave,kommunal,0,72,72,0,2,3,3,3,2,2,2,2
DI-07,Engly,børnehave,selvejende,0,80,80,0,0,3,3,3,3,4,2,3
DI-08,Fasanhaven,børnehave,selvejende,0,88,88,0,7,2,3,3,3,3,2,2
DI-09,Fyrrebo,børnehave,kommunal,0,96,96,0,2,2,3,3,3,2,2,4
DI-10,Granhøj,børnehave,kommunal,0,120,120,0,8,3,3,3,3,3,1,3
DI-11,Hasselhuset,integreret,selvejende,55,63,173,0,7,1,3,3,3,1,2,3
DI-12,Hyldebo,integreret,kommunal,31,61,123,0,5,3,3,4,3,4,3,4
DI-13,Højvang,integreret,selvejende,26,86,138,9,1,2,4,3,2,2,2,3
DI-14,Kastanjen,integreret,kommunal,57,51,165,0,8,2,2,3,3,3,4,2
DI-15,Kildebo,integreret,selvejende,56,76,188,0,6,2,4,3,3,3,3,3
DI-16,Kirsebærhaven,integreret,selvejende,60,58,178,0,1,1,3,2,4,2,2,3
DI-17,Kløverhuset,integreret,selvejende,32,49,113,0,2,3,3,3,3,3,3,2
DI-18,Lindely,integreret,selvejende,43,69,155,8,0,3,4,3,4,3,4,3
DI-19,Lærkereden,integreret,selvejende,27,35,89,0,4,3,4,3,3,3,2,3
DI-20,Mosebo,integreret,selvejende,56,38,150,0,8,1,3,3,2,2,3,3
DI-21,Nøddebo,integreret,selvejende,25,63,113,0,3,2,3,4,4,2,3,3
DI-22,Pilehuset,integreret,selvejende,57,57,171,0,3,2,2,3,3,2,3,2
DI-23,Poppelhuset,integreret,kommunal,24,41,89,8,8,3,3,2,3,3,3,3
DI-24,Rosenly,integreret,selvejende,60,79,199,0,9,2,3,3,3,3,2,3
DI-25,Rønnebo,integreret,selvejende,34,52,120,0,1,2,3,2,3,3,3,4
DI-26,Skovly,integreret,kommunal,52,40,144,0,7,2,3,3,2,3,4,4
DI-27,Skrænten,integreret,kommunal,55,62,172,0,7,2,2,3,3,3,1,3
DI-28,Solbakken,integreret,kommunal,48,57,153,7,4,2,2,4,3,3,2,3
DI-29,Solsikken,integreret,selvejende,41,34,116,0,1,4,2,2,4,3,3,3
DI-30,Spurvereden,integreret,selvejende,50,73,173,0,8,3,2,3,2,4,3,3
DI-31,Stjernen,integreret,selvejende,58,35,151,0,3,1,3,4,4,2,3,3
DI-32,Strandly,integreret,selvejende,50,79,179,8,9,3,3,2,3,3,3,2
DI-33,Søbakken,integreret,selvejende,44,66,154,0,7,3,3,3,4,3,3,2
DI-34,Tjørnely,integreret,kommunal,40,67,147,0,3,2,3,2,3,3,3,3
DI-35,Tranehuset,integreret,selvejende,36,81,153,0,0,2,4,4,3,3,3,3
DI-36,Tusindfryd,integreret,kommunal,32,87,151,0,1,2,4,4,2,2,2,3
DI-37,Vibereden,integreret,kommunal,36,83,155,7,7,3,3,3,3,3,3,3
DI-38,Vildrosen,integreret,selvejende,26,51,103,0,7,3,3,4,2,3,3,3
DI-39,Åbakken,integreret,kommunal,57,52,166,0,3,4,3,4,3,3,2,3
DI-40,Ærenpris,integreret,selvejende,40,75,155,0,1,3,4,3,3,3,3,3
`;
