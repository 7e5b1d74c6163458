// Placeholder entry replaced by the panel work (issue 7); keeps the bundle graph valid meanwhile.
export {};
