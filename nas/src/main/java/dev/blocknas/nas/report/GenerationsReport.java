package dev.blocknas.nas.report;

import java.util.List;

/** The report section of DNA+: every generation's teacher and the network it chose. */
public final class GenerationsReport {
    private GenerationsReport() {}

    public static String section(List<TeacherGeneration> generations, double scale) {
        StringBuilder h = new StringBuilder(
                "<h2>Generations</h2><p>Each generation distils the supernet from its teacher;"
                        + " the next teacher is the network chosen, widened " + scale
                        + "x and trained from scratch. Ratings of"
                        + " different generations measure distance to different teachers and do not compare.</p>");
        h.append("<table><tr><th>generation</th><th>teacher</th><th>teacher test accuracy</th><th>chosen network</th>")
                .append("<th>summed rating</th><th>parameters</th><th>multiply-adds</th></tr>");
        for (TeacherGeneration g : generations) {
            h.append("<tr><td>").append(g.generation()).append("</td><td><code>").append(Html.escape(g.teacher()))
                    .append("</code></td><td>").append(String.format("%.2f%%", 100 * g.teacherAccuracy()))
                    .append("</td><td><code>").append(Html.escape(g.architecture())).append("</code></td><td>")
                    .append(String.format("%.5f", g.rating())).append("</td><td>")
                    .append(String.format("%,d", g.params()))
                    .append("</td><td>").append(String.format("%,d", g.flops())).append("</td></tr>");
        }
        return h.append("</table>").toString();
    }
}
