/** Rules for staff accounts that the config, the services and the console share. */
export const MIN_PASSWORD_LENGTH = 10;
export const USERNAME_PATTERN = /^[a-zA-Z0-9_.-]{3,60}$/;
