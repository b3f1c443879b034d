import { DEFAULT_SCALE_LABELS, FrameworkSchema, type Framework } from '../framework';

/**
 * Tilsynskoncept v1: the seven themes of the concept (Gentofte 2022, 000:2199-2209) on the
 * 4-step scale, step 3 the expected level and 4 the best. Every descriptor describes the
 * institution's practice (staff, environment, organisation), never an individual child.
 *
 * Fokuspunkt ids are stable and unique across the framework (notes are keyed by them), prefixed
 * by the theme's short code from the fixture columns (T1_org … T7_ovg).
 *
 * Parsed with FrameworkSchema at module load, so a mistake here fails on import.
 */
export const FRAMEWORK_V1: Framework = FrameworkSchema.parse({
  id: 'v1',
  version: 1,
  name: 'Tilsynskoncept 2021',
  validFrom: '2021-01-01',
  scale: { id: 'tilsyn-4-trin', labels: [...DEFAULT_SCALE_LABELS] },
  themes: [
    {
      id: 'paedagogisk-organisering',
      name: 'Pædagogisk organisering',
      description:
        'Hvordan dagen er planlagt: om medarbejderne kender og følger planlægningen, justerer deres praksis efter behov og fordeler sig, så de kan understøtte børnegruppen.',
      descriptors: [
        'Dagen er ikke synligt planlagt. Medarbejderne kender ikke en fælles plan og fordeler sig tilfældigt, så børnegrupper ofte står uden voksenstøtte.',
        'Der findes en plan for dagen, men den er kun delvist kendt og følges uensartet. Medarbejderne justerer sjældent praksis og er ikke altid, hvor børnene har brug for dem.',
        'Dagen er planlagt med læring gennem hele dagen, og medarbejderne kender og følger planen. De fordeler sig relevant i forhold til børnegruppen og justerer praksis, når situationen kræver det.',
        'Planlægningen er tydelig, intentionel og kendt af alle, også afløsere. Medarbejderne justerer løbende og fleksibelt og bruger en fast evalueringskultur til at udvikle organiseringen.',
      ],
      fokuspunkter: [
        {
          id: 'org-planlaegning',
          name: 'Planlægning af dagen',
          descriptors: [
            'Der er ingen fælles plan for dagens aktiviteter og opgaver; dagen formes af tilfældigheder.',
            'Der er en plan for dagen, men den er ikke kendt af alle medarbejdere og følges kun delvist.',
            'Dagen er planlagt med klare aktiviteter, opgaver og ansvar, og medarbejderne kender og følger planen.',
            'Planen er synlig for både børn og voksne, rummer intentionelle læringsmiljøer gennem hele dagen og er kendt af alle, også afløsere.',
          ],
        },
        {
          id: 'org-fordeling',
          name: 'Medarbejdernes placering og fordeling',
          descriptors: [
            'Medarbejderne samles ofte eller løser praktiske opgaver, mens børnegrupper står uden en voksen.',
            'Medarbejderne fordeler sig i perioder relevant, men der opstår huller, særligt ved skift mellem aktiviteter.',
            'Medarbejderne fordeler sig, så alle børnegrupper har en tilgængelig voksen, og de placerer sig, hvor børnene har brug for dem.',
            'Medarbejderne aftaler og ændrer løbende deres placering ud fra børnegruppens behov og dækker hinanden uden at miste overblikket.',
          ],
        },
        {
          id: 'org-justering',
          name: 'Justering af praksis',
          descriptors: [
            'Planen følges uanset situationen, eller den opgives helt, når noget uventet sker.',
            'Enkelte medarbejdere justerer deres praksis, men uden fælles aftaler, så ændringerne ikke altid kommer børnegruppen til gode.',
            'Medarbejderne justerer deres praksis efter børnegruppens behov og orienterer hinanden om ændringerne.',
            'Medarbejderne justerer fleksibelt og velbegrundet, og erfaringerne indgår systematisk i evalueringen og den næste planlægning.',
          ],
        },
      ],
    },
    {
      id: 'fysiske-rammer',
      name: 'Fysiske rammer og indretning',
      description:
        'Hvordan inde- og uderum er indrettet, så de inviterer til leg, læring og fællesskab, giver plads til både aktivitet og ro og kan tilpasses børnegruppens behov.',
      descriptors: [
        'Rummene er uoverskuelige, og indretningen understøtter hverken leg, fordybelse eller ro.',
        'Indretningen giver nogle muligheder, men er sjældent tilpasset børnegruppen, og materialerne er svært tilgængelige.',
        'Inde- og uderum er indrettet med tydelige zoner til leg, aktivitet og ro, og materialerne er tilgængelige for børnene.',
        'Indretningen ændres løbende ud fra observationer af børnegruppen, og rummene giver mulighed for at arbejde i mindre grupper og skabe rolige miljøer.',
      ],
      fokuspunkter: [
        {
          id: 'fys-zoner',
          name: 'Rum og zoner',
          descriptors: [
            'Rummene har ingen tydelig funktion, og støj og uro fra én aktivitet forstyrrer de andre.',
            'Der er enkelte afgrænsede zoner, men de er for få til børnegruppen eller bruges ikke efter hensigten.',
            'Rummene er inddelt i zoner til forskellige aktiviteter, så børnene kan lege i mindre grupper og finde ro.',
            'Zonerne tilpasses børnegruppens aktuelle behov og interesser og giver plads til både fordybelse, bevægelse og ro.',
          ],
        },
        {
          id: 'fys-materialer',
          name: 'Materialer og tilgængelighed',
          descriptors: [
            'Legetøj og materialer er få, slidte eller placeret uden for børnenes rækkevidde.',
            'Der er materialer, men de er hverken sorteret eller tilgængelige, så børnene er afhængige af de voksne for at komme i gang.',
            'Materialerne er varierede, ordnede og placeret i børnehøjde, så børnene selv kan vælge og tage initiativ.',
            'Materialerne udskiftes og suppleres bevidst, så de understøtter aktuelle temaer, sprog og den pædagogiske læreplans temaer.',
          ],
        },
        {
          id: 'fys-ude',
          name: 'Uderum og nærmiljø',
          descriptors: [
            'Uderummet bruges kun til ophold uden pædagogisk tilrettelæggelse.',
            'Uderummet bruges til leg, men giver få udfordringer og sjældent mulighed for fordybelse.',
            'Uderummet er indrettet med varierede muligheder for bevægelse, leg og naturoplevelser og indgår i dagens planlægning.',
            'Uderummet og nærmiljøet bruges systematisk som læringsmiljø med motoriske udfordringer, natur, udeliv og science.',
          ],
        },
      ],
    },
    {
      id: 'interaktion',
      name: 'Interaktion',
      description:
        'Kvaliteten af samspillet mellem medarbejdere og børn og børnene imellem: nærvær, lydhørhed, sproglig stimulering og støtte til, at alle børn kan deltage i fællesskabet.',
      descriptors: [
        'Samspillet er præget af irettesættelser og korte beskeder, og medarbejderne er sjældent nærværende over for børnenes initiativer.',
        'Medarbejderne er venlige, men samspillet er mest praktisk og instruerende, og kun nogle børn får del i nærværende dialoger.',
        'Medarbejderne er nærværende og lydhøre, følger børnenes initiativer og indgår i dialoger, der udvider børnenes sprog og styrker fællesskabet.',
        'Medarbejderne skaber vedvarende, udviklende samspil med alle børn og er særligt opmærksomme på børn, der har svært ved at komme ind i fællesskabet.',
      ],
      fokuspunkter: [
        {
          id: 'int-naervaer',
          name: 'Nærvær og lydhørhed',
          descriptors: [
            'Medarbejderne overser ofte børnenes henvendelser eller afviser dem uden forklaring.',
            'Medarbejderne svarer på børnenes henvendelser, men er ofte optaget af andet og følger sjældent op.',
            'Medarbejderne er i øjenhøjde, viser interesse for børnenes perspektiver og følger deres initiativer.',
            'Medarbejderne er konsekvent nærværende, aflæser børnenes signaler og tilpasser samspillet, så alle børn oplever sig set og mødt.',
          ],
        },
        {
          id: 'int-sprog',
          name: 'Sproglig interaktion',
          descriptors: [
            'Sproget bruges mest til beskeder og irettesættelser, og der er få samtaler med børnene.',
            'Der er samtaler med nogle børn, men medarbejderne stiller mest lukkede spørgsmål og udvider sjældent børnenes sprog.',
            'Medarbejderne sætter ord på handlinger og oplevelser, stiller åbne spørgsmål og giver børnene tid til at svare.',
            'Medarbejderne bruger bevidst sprogstrategier gennem hele dagen og tilpasser dem børnenes forskellige sproglige forudsætninger.',
          ],
        },
        {
          id: 'int-faellesskab',
          name: 'Støtte til børnefællesskaber',
          descriptors: [
            'Medarbejderne griber først ind, når der opstår konflikter, og børn uden for fællesskabet bliver ikke hjulpet ind.',
            'Medarbejderne hjælper lejlighedsvis børn ind i fællesskabet, men uden en fælles og vedvarende indsats.',
            'Medarbejderne støtter aktivt samspillet mellem børnene og hjælper børn, der har svært ved at deltage, ind i fællesskabet.',
            'Medarbejderne skaber bevidst deltagelsesmuligheder for alle børn, guider konflikter mod fælles løsninger og styrker venskaber på tværs af grupper.',
          ],
        },
      ],
    },
    {
      id: 'leg',
      name: 'Leg',
      description:
        'Hvordan legen har en central plads i dagen: tid og rum til børnenes egen leg, medarbejdere der deltager, rammesætter og inspirerer, og legefællesskaber, hvor alle børn kan være med.',
      descriptors: [
        'Legen prioriteres ikke; den afbrydes ofte, og medarbejderne er sjældent til stede i den.',
        'Der er tid til leg, men medarbejderne er mest opsynsførende og bidrager sjældent til at udvikle legen.',
        'Legen har en central plads i dagen. Medarbejderne skaber tid og rum til den og deltager ved at gå foran, ved siden af eller bagved efter behov.',
        'Medarbejderne rammesætter og udvikler legen bevidst, inspirerer med nye legetemaer og sikrer, at alle børn har deltagelsesmuligheder i legefællesskaberne.',
      ],
      fokuspunkter: [
        {
          id: 'leg-tid',
          name: 'Tid og rum til leg',
          descriptors: [
            'Legen afbrydes ofte af planlagte aktiviteter eller praktiske gøremål.',
            'Der er perioder med fri leg, men de er korte eller uforudsigelige for børnene.',
            'Dagen rummer sammenhængende perioder med leg, og medarbejderne beskytter legen mod unødige afbrydelser.',
            'Planlægningen giver tid til fordybelse, og legen kan fortsætte og udvikle sig over flere dage.',
          ],
        },
        {
          id: 'leg-voksenrolle',
          name: 'Medarbejdernes rolle i legen',
          descriptors: [
            'Medarbejderne holder opsyn på afstand og griber kun ind ved konflikter.',
            'Medarbejderne deltager lejlighedsvis i legen, men mest på egne præmisser.',
            'Medarbejderne går foran, ved siden af eller bagved i legen, alt efter hvad legen og børnene har brug for.',
            'Medarbejderne inspirerer legen med nye temaer, roller og materialer og bruger deres iagttagelser af legen i planlægningen.',
          ],
        },
        {
          id: 'leg-deltagelse',
          name: 'Deltagelse i legefællesskaber',
          descriptors: [
            'Nogle børn er ofte uden for legen, uden at medarbejderne reagerer.',
            'Medarbejderne er opmærksomme på børn uden for legen, men hjælper dem kun ind i enkelte tilfælde.',
            'Medarbejderne hjælper børn ind i legen og støtter, at alle børn har nogen at lege med.',
            'Medarbejderne tilrettelægger lege, så børn med forskellige forudsætninger kan deltage, og har en fælles praksis for at følge op, når børn ofte står uden for.',
          ],
        },
      ],
    },
    {
      id: 'rutiner',
      name: 'Rutineprægede situationer og aktiviteter',
      description:
        'Hvordan måltider, garderobe, hygiejne, hvile og skift mellem aktiviteter bruges som læringsmiljøer, hvor børnene deltager aktivt og får ansvar, og hvor dagens forløb er forudsigeligt.',
      descriptors: [
        'Rutinerne gennemføres hurtigt og praktisk af de voksne, og der opstår ofte ventetid og uro.',
        'Rutinerne er velkendte, men bruges sjældent som læringsmiljø, og børnene får kun få opgaver.',
        'Rutinerne er planlagt som læringsmiljøer: børnene deltager aktivt og får ansvar, og medarbejderne sætter ord på det, der sker.',
        'Rutinerne er gennemtænkte læringsmiljøer, der tilpasses børnenes forskellige forudsætninger, og skift forløber roligt og uden unødig ventetid.',
      ],
      fokuspunkter: [
        {
          id: 'rut-maaltider',
          name: 'Måltider',
          descriptors: [
            'Måltidet er præget af uro, og medarbejderne er optaget af praktiske opgaver.',
            'Måltidet forløber roligt, men samtalen er sparsom, og børnene har få opgaver.',
            'Måltidet er et fællesskab med samtaler, hvor børnene selv øser op, hælder op og hjælper hinanden.',
            'Måltidet bruges bevidst til sprog, fællesskab og selvhjulpenhed, og medarbejderne fordeler sig, så alle børn får del i samtalen.',
          ],
        },
        {
          id: 'rut-garderobe',
          name: 'Garderobe, hygiejne og hvile',
          descriptors: [
            'Medarbejderne klarer det meste for børnene, og situationen er præget af ventetid.',
            'Børnene gør nogle ting selv, men situationen er uorganiseret og stresset.',
            'Børnene får tid til at gøre mest muligt selv med støtte fra medarbejderne, der sætter ord på handlingerne.',
            'Situationerne er organiseret i mindre grupper, så alle børn får den støtte og tid, de har brug for.',
          ],
        },
        {
          id: 'rut-skift',
          name: 'Skift mellem aktiviteter',
          descriptors: [
            'Skift sker uden varsel og giver lang ventetid og konflikter.',
            'Skift bliver varslet, men ventetiden er lang, og medarbejderne er ikke fordelt.',
            'Skift er varslede og forudsigelige, og medarbejderne fordeler sig, så ventetiden er kort.',
            'Skift er planlagt med faste roller, visuel støtte og meningsfulde opgaver, så de forløber roligt for hele børnegruppen.',
          ],
        },
      ],
    },
    {
      id: 'boernenes-kompetencer',
      name: 'Børnenes kompetencer',
      description:
        'Hvordan personalet systematisk og gennem hele dagen understøtter børnenes sproglige, motoriske og sociale udvikling. Temaet vurderer praksis og læringsmiljø, ikke det enkelte barn.',
      descriptors: [
        'Der arbejdes ikke systematisk med børnenes sproglige og motoriske udvikling, og aktiviteterne er tilfældige.',
        'Der er enkelte sprog- og bevægelsesaktiviteter, men de er ikke planlagt ud fra børnegruppens behov og indgår ikke i hverdagen.',
        'Medarbejderne understøtter systematisk sprog, motorik og sociale kompetencer i både planlagte aktiviteter og hverdagens situationer.',
        'Arbejdet med sprog, motorik og sociale kompetencer er målrettet og løbende evalueret, og indsatsen tilpasses børn med forskellige forudsætninger.',
      ],
      fokuspunkter: [
        {
          id: 'komp-sprog',
          name: 'Sprogligt læringsmiljø',
          descriptors: [
            'Der er få bøger, samtaler og sproglige aktiviteter, og sproget understøttes ikke bevidst.',
            'Der er sproglige aktiviteter som højtlæsning og sang, men de er sporadiske og når ikke alle børn.',
            'Medarbejderne arbejder systematisk med sprog, fx dialogisk læsning i små grupper, og bruger sprogvurderingerne i planlægningen.',
            'Det sproglige læringsmiljø er gennemgående hele dagen, og indsatsen målrettes og evalueres for børn med sproglige udfordringer.',
          ],
        },
        {
          id: 'komp-motorik',
          name: 'Krop, sanser og bevægelse',
          descriptors: [
            'Der er få muligheder for bevægelse, og motoriske lege prioriteres ikke.',
            'Der er plads til bevægelse, men motoriske aktiviteter er tilfældige og afhænger af enkelte medarbejdere.',
            'Medarbejderne tilrettelægger varierede motoriske lege inde og ude og opmuntrer alle børn til at deltage.',
            'Bevægelse er en fast del af dagen, planlagt ud fra børnegruppens behov og med udfordringer i flere sværhedsgrader.',
          ],
        },
        {
          id: 'komp-social',
          name: 'Sociale og personlige kompetencer',
          descriptors: [
            'Medarbejderne støtter sjældent børnene i at håndtere følelser, konflikter og samspil.',
            'Medarbejderne hjælper i konkrete konflikter, men arbejder ikke bevidst med sociale kompetencer.',
            'Medarbejderne støtter børnene i at sætte ord på følelser, tage hensyn til hinanden og løse konflikter.',
            'Medarbejderne arbejder bevidst og vedvarende med empati, selvhjulpenhed og deltagelse og inddrager børnenes perspektiv i hverdagen.',
          ],
        },
        {
          id: 'komp-evaluering',
          name: 'Systematik og evaluering',
          descriptors: [
            'Arbejdet med børnenes kompetencer bliver hverken dokumenteret eller evalueret.',
            'Enkelte aktiviteter dokumenteres, men erfaringerne bruges ikke til at justere praksis.',
            'Medarbejderne dokumenterer og evaluerer arbejdet med læreplanens temaer og justerer indsatsen ud fra det.',
            'En fast evalueringskultur sikrer, at data og iagttagelser løbende bruges til at målrette arbejdet med sprog, motorik og fællesskab.',
          ],
        },
      ],
    },
    {
      id: 'overgange',
      name: 'Sammenhængende overgange',
      description:
        'Hvordan institutionen skaber trygge og sammenhængende overgange fra hjem til dagtilbud, fra vuggestue eller dagpleje til børnehave og fra børnehave til skole, i samarbejde med forældre og det modtagende tilbud.',
      descriptors: [
        'Der er ingen fælles praksis for overgange, og forældre og modtagende tilbud inddrages ikke.',
        'Der er aftaler om overgange, men de følges uensartet, og samarbejdet med forældre og skole er begrænset.',
        'Institutionen har en kendt praksis for opstart og overgange, samarbejder med forældrene og udveksler relevant viden med det modtagende tilbud.',
        'Overgangene er tilrettelagt systematisk med gensidigt fagligt kendskab og fælles aktiviteter, og praksis evalueres sammen med forældre og samarbejdspartnere.',
      ],
      fokuspunkter: [
        {
          id: 'ovg-opstart',
          name: 'Opstart i dagtilbud',
          descriptors: [
            'Der er ingen plan for opstarten, og forældrene får kun praktiske oplysninger.',
            'Opstarten følger en fast procedure, men tilpasses ikke den enkelte families behov.',
            'Opstarten planlægges sammen med forældrene, og overgangsbeskrivelsen bruges til at sikre en tryg start.',
            'En fast voksen tager imod, opstarten tilpasses familiens behov, og forløbet evalueres med forældrene efter den første tid.',
          ],
        },
        {
          id: 'ovg-interne',
          name: 'Overgange internt i huset',
          descriptors: [
            'Skift fra vuggestue til børnehave sker uden forberedelse.',
            'Interne skift forberedes, men med få besøg og en begrænset overlevering mellem grupperne.',
            'Interne skift forberedes med besøg, overlevering mellem medarbejderne og inddragelse af forældrene.',
            'Interne skift planlægges i god tid, så børnene kender de nye voksne, rum og kammerater, inden skiftet sker.',
          ],
        },
        {
          id: 'ovg-skole',
          name: 'Overgang til skole',
          descriptors: [
            'Der er intet samarbejde med skolen om overgangen.',
            'Der er enkelte besøg og møder med skolen, men uden fælles mål.',
            'Institutionen samarbejder med skolen efter fælles principper om besøg, overlevering og deltagelse i de nye fællesskaber.',
            'Overgangen bygger på gensidigt fagligt kendskab og fælles aktiviteter, så børnene oplever sammenhæng og kontinuitet.',
          ],
        },
        {
          id: 'ovg-foraeldre',
          name: 'Forældresamarbejde',
          descriptors: [
            'Forældrene får sjældent information om hverdagen i institutionen, og samarbejdet er tilfældigt.',
            'Der er faste møder med forældrene, men dialogen er mest informerende og går én vej.',
            'Forældresamarbejdet er gensidigt og målrettet, og forældrene får viden om, hvordan de kan understøtte læring og overgange.',
            'Forældresamarbejdet er differentieret efter familiernes behov og inddrager forældrene aktivt i planlægning og evaluering af overgangene.',
          ],
        },
      ],
    },
  ],
});

/** Every framework version the app knows, oldest first. Inspections stay pinned to theirs. */
export const FRAMEWORKS: readonly Framework[] = [FRAMEWORK_V1];

/** The version new inspections are started on. */
export const CURRENT_FRAMEWORK: Framework = FRAMEWORK_V1;

export function frameworkById(id: string): Framework | undefined {
  return FRAMEWORKS.find((f) => f.id === id);
}
