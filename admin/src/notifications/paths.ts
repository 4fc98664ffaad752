/** Where the signed-in person's notification settings live; the header links here without loading the menu's code. */
export const SETTINGS_PATH = '/settings/notifications';
