/** The app's views, in the tab bar's order; apart from the UI slice so the first screen can draw the bar without the store. */
export const TABS = ['Connections', 'Routes', 'Interfaces', 'Statistics', 'States', 'DoS', 'Top talkers'] as const;
export type Tab = (typeof TABS)[number];
