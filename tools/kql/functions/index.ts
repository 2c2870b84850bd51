/** Imports every function family file for its registrations (the families are added here as they land). */
export {};
