// The step's own "Hvorfor?" under its content gives way while a field on the main path has a
// "Hvorfor?" of its own (DMS-3 with a forgotten password, issue 26: two folds close together
// read as two things to worry about). `replaced` counts the fields that say so.
export const stepWhy = $state({ replaced: 0 });
