/**
 * The lifecycle states of an app. The status is not part of the configuration (the service owns it), but it is
 * listed here with the other closed vocabularies of the app so there is one place to read them.
 */
export const APP_STATUSES = ['active', 'disabled', 'terminated'] as const;
