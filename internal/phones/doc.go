// Package phones tells how alike two words sound, from their phones
// (ARPAbet, as the CMU Pronouncing Dictionary writes them), so that a word
// an engine misheard can still be known for the word that was said:
// PocketSphinx hears "task" as "chest" and "I ran" as "iran".
//
// A word's phones come from the CMU dictionary in PocketSphinx's model
// folder when it is installed (every word PocketSphinx writes is in it),
// else from a table of the STAR check's cue words embedded here, else from
// its spelling.
package phones
