//! The suggestion engine. (Built in the suggestions issue.)
