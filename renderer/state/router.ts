import { useEffect, useState } from 'react';

/** The tabs of forvaltning's administration. */
export const ADMIN_SECTIONS = ['brugere', 'institutioner', 'rammer', 'tilsynsramme', 'maal', 'api-tokens', 'personoplysninger', 'log'] as const;
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

/** Hash routes work the same under the web server and the desktop app's custom protocol. */
export type Route =
  | { name: 'institutions' }
  | { name: 'institution'; id: string }
  | { name: 'newInspection'; institutionId: string }
  | { name: 'dagplejeReport'; institutionId: string }
  | { name: 'inspection'; id: string }
  | { name: 'report'; id: string }
  | { name: 'hoering'; id: string }
  | { name: 'followUps' }
  | { name: 'skaerpetTilsyn'; id: string }
  | { name: 'dashboard' }
  | { name: 'calibration' }
  | { name: 'import' }
  | { name: 'sync' }
  /** Where the server's login callback hands a web login back (`overdragelse`) or says why not (`fejl`). */
  | { name: 'providerReturn'; handoff: string | null; error: string | null }
  | { name: 'admin'; section: AdminSection }
  | { name: 'notFound'; path: string };

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(query);
  if (parts.length === 0) return { name: 'institutions' };
  if (parts[0] === 'institution' && parts[1] && parts[2] === 'nyt-tilsyn') return { name: 'newInspection', institutionId: parts[1] };
  if (parts[0] === 'institution' && parts[1] && parts[2] === 'samlet-rapport') return { name: 'dagplejeReport', institutionId: parts[1] };
  if (parts[0] === 'institution' && parts[1]) return { name: 'institution', id: parts[1] };
  if (parts[0] === 'tilsyn' && parts[1]) return { name: 'inspection', id: parts[1] };
  if (parts[0] === 'rapport' && parts[1]) return { name: 'report', id: parts[1] };
  if (parts[0] === 'hoering' && parts[1]) return { name: 'hoering', id: parts[1] };
  if (parts[0] === 'opfoelgning' && parts.length === 1) return { name: 'followUps' };
  if (parts[0] === 'skaerpet-tilsyn' && parts[1]) return { name: 'skaerpetTilsyn', id: parts[1] };
  if (parts[0] === 'overblik' && parts.length === 1) return { name: 'dashboard' };
  if (parts[0] === 'kalibrering' && parts.length === 1) return { name: 'calibration' };
  if (parts[0] === 'import' && parts.length === 1) return { name: 'import' };
  if (parts[0] === 'synkronisering' && parts.length === 1) return { name: 'sync' };
  if (parts[0] === 'kommune-login' && parts.length === 1) return { name: 'providerReturn', handoff: params.get('overdragelse'), error: params.get('fejl') };
  if (parts[0] === 'administration' && parts.length === 1) return { name: 'admin', section: 'brugere' };
  if (parts[0] === 'administration' && parts.length === 2 && (ADMIN_SECTIONS as readonly string[]).includes(parts[1]!)) return { name: 'admin', section: parts[1] as AdminSection };
  return { name: 'notFound', path };
}

export function href(route: Route): string {
  switch (route.name) {
    case 'institutions':
      return '#/';
    case 'institution':
      return `#/institution/${encodeURIComponent(route.id)}`;
    case 'newInspection':
      return `#/institution/${encodeURIComponent(route.institutionId)}/nyt-tilsyn`;
    case 'dagplejeReport':
      return `#/institution/${encodeURIComponent(route.institutionId)}/samlet-rapport`;
    case 'inspection':
      return `#/tilsyn/${encodeURIComponent(route.id)}`;
    case 'report':
      return `#/rapport/${encodeURIComponent(route.id)}`;
    case 'hoering':
      return `#/hoering/${encodeURIComponent(route.id)}`;
    case 'followUps':
      return '#/opfoelgning';
    case 'skaerpetTilsyn':
      return `#/skaerpet-tilsyn/${encodeURIComponent(route.id)}`;
    case 'dashboard':
      return '#/overblik';
    case 'calibration':
      return '#/kalibrering';
    case 'import':
      return '#/import';
    case 'sync':
      return '#/synkronisering';
    case 'providerReturn':
      return '#/kommune-login';
    case 'admin':
      return route.section === 'brugere' ? '#/administration' : `#/administration/${route.section}`;
    case 'notFound':
      return `#/${route.path}`;
  }
}

export function navigate(route: Route) {
  window.location.hash = href(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export function queryParam(name: string): string | null {
  const query = window.location.hash.split('?')[1] ?? '';
  return new URLSearchParams(query).get(name);
}
