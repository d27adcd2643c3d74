//! Precision, recall and F1 per label, as GUIDELINES.md scores suggestions.
//! (Built in the suggestions issue.)
