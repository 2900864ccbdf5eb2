/** The key the dashboard's load depends on; invalidating it re-runs the load (live updates). */
export const LIVE_DEPENDENCY = 'app:contest-dashboard';
