package dev.blocknas.nas.select;

/** A row's identity in a ratings file: its block and candidate label. */
public record CandidateKey(int block, String candidate) {}
