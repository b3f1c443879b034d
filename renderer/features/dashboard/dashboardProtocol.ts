import type { Dashboard, DashboardFilters, DashboardOptions } from '../../../shared/dashboard';
import type { Goal } from '../../../shared/goals';

/** Page → worker: which database, and the filters to compute with (sent again on every change). */
export interface DashboardRequest {
  databaseName: string;
  filters: DashboardFilters;
  options: DashboardOptions;
}

/** Worker → page: the figures for the latest request, again after every change to the data. */
export type DashboardResult =
  | { type: 'result'; dashboard: Dashboard; years: number[]; districts: string[]; institutionTotal: number; goals: Goal[] }
  | { type: 'error'; message: string };
