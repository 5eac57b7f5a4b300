package dev.blocknas.nas.run;

/** A timed phase of a run. */
public record Phase(String name, double seconds) {}
