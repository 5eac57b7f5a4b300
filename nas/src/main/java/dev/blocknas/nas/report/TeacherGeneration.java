package dev.blocknas.nas.report;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One generation of DNA+, as written to generations.json and the report.
 *
 * @param generation      from 1
 * @param teacher         the teacher's architecture
 * @param teacherAccuracy the teacher's test accuracy
 * @param architecture    the network this generation chose
 * @param rating          its summed block rating
 * @param params          its parameters
 * @param flops           its multiply-adds
 */
public record TeacherGeneration(int generation, String teacher,
                                @JsonProperty("teacher_accuracy") double teacherAccuracy,
                                String architecture, double rating, long params, long flops) {}
