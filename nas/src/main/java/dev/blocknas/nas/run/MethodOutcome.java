package dev.blocknas.nas.run;

import java.util.List;

/**
 * What a search method found.
 *
 * @param architecture    the chosen network as a whole architecture string
 * @param blocks          the chosen candidate of each block (empty for methods that do not search by block)
 * @param rating          the method's score of the chosen network (lower is better: a summed block rating,
 *                        or a negated supernet accuracy)
 * @param ratingName      what the rating is, for the report ("summed block rating", ...)
 * @param params          parameters of the chosen network
 * @param flops           multiply-adds of the chosen network
 * @param latencyMs       measured latency, or null
 * @param evaluated       candidates (block candidates or networks) the method evaluated
 * @param top             the best networks found, best first, as JSON objects already written to architectures.json
 * @param reportSections  HTML fragments (headings, text, charts) for the report, in order
 */
public record MethodOutcome(String architecture, List<String> blocks, double rating, String ratingName, long params,
                            long flops, Double latencyMs, long evaluated, List<String> top,
                            List<String> reportSections) {}
