package dev.blocknas.nas.run;

import dev.blocknas.layers.arch.Architecture;
import dev.blocknas.layers.arch.Network;
import dev.blocknas.nas.report.GenerationsReport;
import dev.blocknas.nas.report.TeacherGeneration;
import dev.blocknas.supernet.space.BlockSpec;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.train.Teacher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * DNA+: progressive distillation. TeacherGeneration 1 is a DNA search distilled from the given or default teacher;
 * every later generation widens the network the previous one chose ({@link WidthScaling}), trains it from
 * scratch as its teacher and searches again. Each generation keeps its own files under {@code genN/}
 * (teacher weights, checkpoint, losses, ratings, architectures), so {@code --resume} continues any of them;
 * the top-level architecture, ratings and loss files are the last generation's, whose network is the result.
 */
public final class ProgressiveDistillation implements SearchMethod {

    @Override
    public String name() {
        return "dna+";
    }

    @Override
    public String description() {
        return "DNA repeated, the chosen network scaled up as next teacher (DNA+)";
    }

    @Override
    public int defaultEpochs() {
        return BlockwiseSearch.dna().defaultEpochs();
    }

    @Override
    public double defaultLearningRate() {
        return 0.005;
    }

    @Override
    public void check(SearchConfig cfg, SearchSpace space) {
        FamilyOptions f = cfg.family();
        if (f.generations() > 1 && f.scale() != 1 && space.blocks().stream().anyMatch(BlockSpec::allowSkip)) {
            throw new IllegalArgumentException(
                    "Blocks that allow skip cannot distil from a teacher of other widths: use --scale 1 with the "
                            + space.name() + " space.");
        }
        BlockwiseSearch.checkTeacher(cfg, space);
        // Later teachers are chosen networks widened by --scale: at most the space's largest, widened.
        if (f.generations() > 1) {
            RunPlan.checkTraining("Training a later generation's teacher",
                    WidthScaling.scale(RunPlan.largest(space), f.scale()), space,
                    RunContext.TRAIN_BATCH, cfg.device(), "lower --scale");
        }
    }

    @Override
    public MethodOutcome search(RunContext ctx) {
        FamilyOptions f = ctx.config().family();
        SearchSpace space = ctx.space();
        List<TeacherGeneration> generations = new ArrayList<>();
        Architecture next = null;
        MethodOutcome last = null;
        long evaluated = 0;
        for (int g = 1; g <= f.generations(); g++) {
            String prefix = "gen" + g + "/";
            mkdirs(ctx.folder().resolve("gen" + g));
            ctx.console().line("generation " + g + " of " + f.generations());
            try (Network teacher = BlockwiseSearch.teacher(ctx, next, prefix + "teacher.safetensors")) {
                double accuracy = ctx.test(teacher).accuracy();
                last = BlockwiseSearch.dna().distilled(ctx, new Teacher(teacher, space), prefix);
                generations.add(new TeacherGeneration(g, teacher.architecture().toString(), accuracy,
                        last.architecture(), last.rating(),
                        last.params(), last.flops()));
            }
            evaluated += last.evaluated();
            ctx.writeJson("generations.json", generations);
            Architecture following = WidthScaling.scale(Architecture.parse(last.architecture()), f.scale());
            // The same choice makes the same teacher, and with the same seed the next generation would repeat this one.
            if (next != null && following.toString().equals(next.toString())) {
                ctx.console().line("generation " + g + " chose what generation " + (g - 1)
                        + " chose: converged, the next teacher would be this one");
                break;
            }
            next = following;
        }
        int done = generations.size();
        String lastPrefix = "gen" + done + "/";
        for (String file : List.of("architecture.txt", "architectures.json", "ratings.csv", "losses.csv")) {
            ctx.writeText(file, read(ctx.folder().resolve(lastPrefix + file)));
        }
        List<String> sections = new ArrayList<>();
        sections.add(GenerationsReport.section(generations, f.scale()));
        sections.addAll(last.reportSections());
        return new MethodOutcome(last.architecture(), last.blocks(), last.rating(), "summed block rating (generation "
                + done + ")", last.params(), last.flops(), last.latencyMs(), evaluated, last.top(), sections);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + dir + ": " + e.getMessage(), e);
        }
    }
}
