package dev.blocknas.nas.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The outcome of a search, written as result.json: the chosen network (whole architecture string and the
 * chosen candidate of each block), its summed rating and costs, its test accuracy when it was retrained,
 * and the wall time of every phase.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SearchResult(
                           String method,
                           String space,
                           String data,
                           String device,
                           String architecture,
                           List<String> blocks,
                           double rating,
                           @JsonProperty("rating_name") String ratingName,
                           long params,
                           long flops,
                           @JsonProperty("latency_ms") Double latencyMs,
                           @JsonProperty("test_accuracy") Double testAccuracy,
                           @JsonProperty("networks_in_space") String networksInSpace,
                           @JsonProperty("candidates_rated") long candidatesRated,
                           List<Phase> phases) {}
