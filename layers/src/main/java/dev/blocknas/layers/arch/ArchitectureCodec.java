package dev.blocknas.layers.arch;

import dev.blocknas.layers.nn.Activation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The compact string form of an {@link Architecture}.
 *
 * <pre>
 * architecture := stage ( "/" stage )*
 * stage        := cell ( "-" cell )*          stages are joined by "/", cells within a stage by "-"
 * cell         := "skip" | ir
 * ir           := "ir" ( "_" part )+           parts in any order, each at most once:
 *                   k{3|5|7}  e{int >= 1}  c{int >= 1}  s{1|2}  (required)
 *                   se{decimal in (0, 1]}  relu | relu6 | swish | hswish   (optional; default swish)
 * stem         := "stem_c{int}_s{1|2}" [ "_" act ]   only alone, as the first stage
 * head         := "head_c{int}" [ "_" act ]          only alone, as the last stage
 * </pre>
 *
 * Canonical form, which {@link #encode} writes and {@link #decode} followed by {@code encode} reproduces:
 * {@code ir_k{k}_e{e}_c{c}_s{s}[_se{r}][_{act}]} with the activation omitted when it is swish and r written
 * in its shortest decimal form ({@code 0.25}); {@code stem_c{c}_s{s}[_{act}]}; {@code head_c{c}[_{act}]}.
 * Example: {@code stem_c32_s2/ir_k3_e1_c16_s1_se0.25/ir_k3_e6_c24_s2_se0.25-ir_k5_e3_c24_s1_se0.25/head_c1280}.
 *
 * <p>Errors are one sentence pointing at the token, e.g. {@code Bad architecture token "ir_k4_e6_c24_s2"
 * (stage 2, cell 1): kernel must be 3, 5 or 7.} Stages and cells count from 1 as written; the stem is stage 1.
 */
public final class ArchitectureCodec {
    private static final Pattern PART = Pattern.compile("([a-z]+)(.*)");
    private static final Pattern INT = Pattern.compile("[0-9]{1,9}");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,9}(\\.[0-9]{1,12})?");

    private ArchitectureCodec() {}

    // ---- encoding -------------------------------------------------------------------------------

    /** The canonical string of {@code a}. */
    public static String encode(Architecture a) {
        List<String> stages = new ArrayList<>();
        if (a.stem() != null) stages.add(encodeStem(a.stem()));
        for (List<CellSpec> stage : a.stages()) {
            List<String> cells = new ArrayList<>();
            for (CellSpec c : stage) cells.add(encodeCell(c));
            stages.add(String.join("-", cells));
        }
        if (a.head() != null) stages.add(encodeHead(a.head()));
        return String.join("/", stages);
    }

    /** The canonical token of one cell. */
    public static String encodeCell(CellSpec c) {
        if (c.isSkip()) return "skip";
        StringBuilder sb = new StringBuilder("ir_k").append(c.kernel()).append("_e").append(c.expansion())
                .append("_c").append(c.outChannels()).append("_s").append(c.stride());
        if (c.seRatio() > 0) sb.append("_se").append(decimal(c.seRatio()));
        return sb.append(actSuffix(c.activation())).toString();
    }

    static String encodeStem(StemSpec s) {
        return "stem_c" + s.outChannels() + "_s" + s.stride() + actSuffix(s.activation());
    }

    static String encodeHead(HeadSpec h) {
        return "head_c" + h.outChannels() + actSuffix(h.activation());
    }

    private static String actSuffix(Activation a) {
        return a == Activation.SWISH ? "" : "_" + a.token();
    }

    private static String decimal(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    // ---- decoding -------------------------------------------------------------------------------

    /**
     * Parses an architecture string.
     *
     * @throws ArchitectureFormatException one sentence pointing at the bad token
     */
    public static Architecture decode(String text) {
        if (text == null || text.isBlank()) throw new ArchitectureFormatException("Empty architecture string.");
        String s = text.strip();
        String[] stageTexts = s.split("/", -1);
        StemSpec stem = null;
        HeadSpec head = null;
        List<List<CellSpec>> stages = new ArrayList<>();
        for (int i = 0; i < stageTexts.length; i++) {
            int stageNo = i + 1;
            if (stageTexts[i].isEmpty()) {
                throw new ArchitectureFormatException("Empty stage " + stageNo + " in architecture \"" + s
                        + "\": two \"/\" in a row, or a \"/\" at an end.", stageNo, 0);
            }
            String[] tokens = stageTexts[i].split("-", -1);
            List<CellSpec> cells = new ArrayList<>();
            for (int j = 0; j < tokens.length; j++) {
                String tok = tokens[j];
                Where at = new Where(tok, stageNo, j + 1);
                if (tok.isEmpty()) {
                    throw new ArchitectureFormatException(
                            "Empty cell (stage " + stageNo + ", cell " + (j + 1) + ") in architecture \""
                                    + s + "\": two \"-\" in a row, or a \"-\" at an end.",
                            stageNo, j + 1);
                }
                String type = tok.contains("_") ? tok.substring(0, tok.indexOf('_')) : tok;
                switch (type) {
                    case "stem" -> {
                        if (i != 0 || tokens.length != 1)
                            throw at.bad("a stem may only stand alone, as the first stage");
                        stem = parseStem(at);
                    }
                    case "head" -> {
                        if (i != stageTexts.length - 1 || tokens.length != 1)
                            throw at.bad("a head may only stand alone, as the last stage");
                        head = parseHead(at);
                    }
                    case "skip" -> {
                        if (!tok.equals("skip")) throw at.bad("skip takes no parts");
                        cells.add(CellSpec.SKIP);
                    }
                    case "ir" -> cells.add(parseIr(at));
                    default -> throw at.bad("unknown cell type \"" + type + "\" (use ir, skip, stem or head)");
                }
            }
            if (!cells.isEmpty()) stages.add(cells);
        }
        return new Architecture(stem, stages, head);
    }

    /** Where a token stands, for messages. */
    private record Where(String token, int stage, int cell) {
        ArchitectureFormatException bad(String why) {
            return new ArchitectureFormatException(
                    "Bad architecture token \"" + token + "\" (stage " + stage + ", cell " + cell + "): "
                            + why + ".",
                    stage, cell);
        }
    }

    /** The parts of a token after its type, parsed: each numeric part's value, and the activation. */
    private static final class Parts {
        final Map<ArchitecturePart, Double> values = new EnumMap<>(ArchitecturePart.class);
        Activation act;

        /** The value of a required part, or the error naming what is missing. */
        double required(ArchitecturePart part, Where at, String example) {
            Double v = values.get(part);
            if (v == null) throw at.bad("missing the " + part.meaning + " (" + example + ")");
            return v;
        }

        int requiredInt(ArchitecturePart part, Where at) {
            return (int) required(part, at, part.example);
        }
    }

    private static Parts parts(Where at, Set<ArchitecturePart> allowed) {
        String tok = at.token();
        String type = tok.contains("_") ? tok.substring(0, tok.indexOf('_')) : tok;
        Parts p = new Parts();
        if (!tok.contains("_")) return p;
        String[] raw = tok.substring(type.length() + 1).split("_", -1);
        for (String text : raw) {
            if (text.isEmpty()) throw at.bad("empty part (two \"_\" in a row, or a \"_\" at an end)");
            Activation a = Activation.fromToken(text);
            if (a != null && CellSpec.activationProblem(a) == null && text.equals(a.token())) {
                if (p.act != null) throw at.bad("a second activation \"" + text + "\"");
                p.act = a;
                continue;
            }
            Matcher m = PART.matcher(text);
            ArchitecturePart part = m.matches() ? ArchitecturePart.byKey(m.group(1)) : null;
            if (part == null) throw at.bad("unknown part \"" + text + "\"");
            if (!allowed.contains(part)) throw at.bad("a " + type + " takes no part \"" + text + "\"");
            String value = m.group(2);
            double v;
            if (part.decimal) {
                if (!DECIMAL.matcher(value).matches())
                    throw at.bad("part \"" + text + "\" needs a decimal ratio " + part.example);
                v = Double.parseDouble(value);
            } else {
                if (!INT.matcher(value).matches())
                    throw at.bad(part.meaning + " must be a whole number, got \"" + text + "\"");
                v = Integer.parseInt(value);
            }
            String why = part.problem.apply(v);
            if (why != null) throw at.bad(why);
            if (p.values.putIfAbsent(part, v) != null)
                throw at.bad("part \"" + text + "\" repeats the " + part.meaning);
        }
        return p;
    }

    private static CellSpec parseIr(Where at) {
        Parts p = parts(at, EnumSet.allOf(ArchitecturePart.class));
        int k = p.requiredInt(ArchitecturePart.KERNEL, at);
        int e = p.requiredInt(ArchitecturePart.EXPANSION, at);
        int c = p.requiredInt(ArchitecturePart.CHANNELS, at);
        int s = p.requiredInt(ArchitecturePart.STRIDE, at);
        return CellSpec.ir(k, e, c, s, p.values.getOrDefault(ArchitecturePart.SE, 0.0),
                p.act == null ? Activation.SWISH : p.act);
    }

    private static StemSpec parseStem(Where at) {
        Parts p = parts(at, EnumSet.of(ArchitecturePart.CHANNELS, ArchitecturePart.STRIDE));
        int c = (int) p.required(ArchitecturePart.CHANNELS, at, "such as c32");
        return new StemSpec(c, p.requiredInt(ArchitecturePart.STRIDE, at), p.act == null ? Activation.SWISH : p.act);
    }

    private static HeadSpec parseHead(Where at) {
        Parts p = parts(at, EnumSet.of(ArchitecturePart.CHANNELS));
        int c = (int) p.required(ArchitecturePart.CHANNELS, at, "such as c1280");
        return new HeadSpec(c, p.act == null ? Activation.SWISH : p.act);
    }

    /** The grammar of a cell's numeric parts, from the part table: {@code k{3|5|7}  e{int >= 1}  ...}. */
    public static String partsGrammar() {
        StringBuilder required = new StringBuilder();
        StringBuilder optional = new StringBuilder();
        for (ArchitecturePart p : ArchitecturePart.values()) {
            StringBuilder b = p == ArchitecturePart.SE ? optional : required;
            if (!b.isEmpty()) b.append("  ");
            b.append(p.grammar());
        }
        return required + " (required); " + optional + " (optional)";
    }
}
