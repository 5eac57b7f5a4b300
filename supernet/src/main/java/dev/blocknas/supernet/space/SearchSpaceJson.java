package dev.blocknas.supernet.space;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocknas.layers.arch.ArchitectureCodec;
import dev.blocknas.layers.arch.ArchitectureFormatException;
import dev.blocknas.layers.arch.CellSpec;
import dev.blocknas.layers.arch.HeadSpec;
import dev.blocknas.layers.arch.StemSpec;
import dev.blocknas.layers.nn.Activation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Search spaces as JSON. Example:
 * <pre>{@code
 * {"name": "tiny", "inChannels": 1, "resolution": 28, "numClasses": 10, "activation": "swish", "seRatio": 0,
 *  "stem": {"channels": 16, "stride": 2}, "fixedCells": ["ir_k3_e1_c16_s1"],
 *  "blocks": [{"channels": 24, "stride": 1, "depths": [1, 2], "ops": ["k3_e3", "k5_e6"], "allowSkip": false}],
 *  "head": {"channels": 256}}
 * }</pre>
 * Every problem is reported as one sentence naming the file and the field.
 */
public final class SearchSpaceJson {
    /** Deepest nesting and largest file read: a search space is a few hundred bytes of shallow JSON. */
    static final int MAX_NESTING = 32;
    static final long MAX_BYTES = 1 << 20;
    /** Most layers a cell may have. */
    static final int MAX_DEPTH = 64;
    private static final ObjectMapper MAPPER = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(
                    com.fasterxml.jackson.core.StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
            .build()).enable(SerializationFeature.INDENT_OUTPUT);
    private static final Set<String> TOP = Set.of("name", "inChannels", "resolution", "numClasses", "activation",
            "seRatio",
            "stem", "fixedCells", "blocks", "head");
    private static final Set<String> BLOCK = Set.of("channels", "stride", "depths", "ops", "allowSkip");

    private SearchSpaceJson() {}

    /** Reads a space from a JSON file. */
    public static SearchSpace read(Path file) {
        String where = file.getFileName().toString();
        JsonNode root;
        try {
            if (Files.isRegularFile(file) && Files.size(file) > MAX_BYTES) {
                throw new SearchSpaceFormatException(
                        where + " is " + Files.size(file) + " bytes, more than a search space can be ("
                                + MAX_BYTES + ").");
            }
            root = MAPPER.readTree(Files.readString(file));
        } catch (java.nio.charset.MalformedInputException e) {
            throw new SearchSpaceFormatException(
                    where + " is not a UTF-8 text file (a JSON search space was expected).");
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw new SearchSpaceFormatException(
                    where + " nests deeper than " + MAX_NESTING + " levels, which no search space does.");
        } catch (NoSuchFileException e) {
            throw new SearchSpaceFormatException("No such search space file: " + file + ".");
        } catch (JsonProcessingException e) {
            throw new SearchSpaceFormatException(
                    where + " is not valid JSON (line " + e.getLocation().getLineNr() + ").");
        } catch (IOException e) {
            throw new SearchSpaceFormatException("Could not read " + file + ": " + e.getMessage() + ".");
        }
        try {
            return parse(root, where);
        } catch (IllegalArgumentException e) {
            throw new SearchSpaceFormatException(where + ": " + e.getMessage());
        }
    }

    /** Parses a space from JSON text; {@code where} names the source in messages. */
    public static SearchSpace parse(String json, String where) {
        try {
            return parse(MAPPER.readTree(json), where);
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw new SearchSpaceFormatException(
                    where + " nests deeper than " + MAX_NESTING + " levels, which no search space does.");
        } catch (JsonProcessingException e) {
            throw new SearchSpaceFormatException(
                    where + " is not valid JSON (line " + e.getLocation().getLineNr() + ").");
        }
    }

    private static SearchSpace parse(JsonNode root, String where) {
        if (root == null || !root.isObject()) throw new SearchSpaceFormatException(where + " must hold a JSON object.");
        unknown(root, TOP, where, "");
        Activation act = activation(root.path("activation"), where, "activation", Activation.SWISH);
        JsonNode stem = field(root, "stem", where, "");
        JsonNode head = field(root, "head", where, "");
        List<CellSpec> fixed = new ArrayList<>();
        JsonNode fixedNode = root.path("fixedCells");
        if (!fixedNode.isMissingNode() && !fixedNode.isNull() && !fixedNode.isArray()) {
            throw new SearchSpaceFormatException(
                    where + ": \"fixedCells\" must be an array of cell strings, not " + fixedNode + ".");
        }
        for (JsonNode c : fixedNode) {
            if (!c.isTextual())
                throw new SearchSpaceFormatException(where + ": fixedCells: " + c + " is not a cell string.");
            try {
                var decoded = ArchitectureCodec.decode(c.asText());
                if (decoded.stages().size() != 1 || decoded.stages().get(0).isEmpty() || c.asText().contains("/")) {
                    throw new SearchSpaceFormatException(where + ": fixedCells: \"" + c.asText()
                            + "\" is not a cell string such as ir_k3_e1_c16_s1 (the stem and the head have fields of their own).");
                }
                fixed.addAll(decoded.stages().get(0));
            } catch (ArchitectureFormatException | IndexOutOfBoundsException e) {
                throw new SearchSpaceFormatException(where + ": fixedCells: \"" + c.asText()
                        + "\" is not a cell string such as ir_k3_e1_c16_s1 (the stem and the head have fields of their own).");
            }
        }
        List<BlockSpec> blocks = new ArrayList<>();
        JsonNode bs = field(root, "blocks", where, "");
        if (!bs.isArray() || bs.isEmpty())
            throw new SearchSpaceFormatException(where + ": \"blocks\" must be a non-empty array.");
        for (int i = 0; i < bs.size(); i++) blocks.add(block(bs.get(i), where, "block " + i + ": "));
        try {
            return new SearchSpace(name(root, where),
                    integer(root, "inChannels", where, ""), integer(root, "resolution", where, ""),
                    integer(root, "numClasses", where, ""),
                    new StemSpec(integer(stem, "channels", where, "stem: "), integer(stem, "stride", where, "stem: "),
                            activation(stem.path("activation"), where, "stem: activation", act)),
                    fixed, blocks,
                    new HeadSpec(integer(head, "channels", where, "head: "),
                            activation(head.path("activation"), where, "head: activation", act)),
                    act, seRatio(root.path("seRatio"), where));
        } catch (SearchSpaceFormatException e) {
            throw e.getMessage().startsWith(where)
                    ? e
                    : new SearchSpaceFormatException(where + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new SearchSpaceFormatException(where + ": " + e.getMessage(), e);
        }
    }

    private static String name(JsonNode root, String where) {
        JsonNode n = root.path("name");
        if (n.isMissingNode() || n.isNull()) return where.replaceFirst("\\.json$", "");
        if (!n.isTextual() || n.asText().isBlank())
            throw new SearchSpaceFormatException(where + ": \"name\" must be a non-empty string, not " + n + ".");
        return n.asText();
    }

    private static BlockSpec block(JsonNode b, String where, String at) {
        unknown(b, BLOCK, where, at);
        List<Integer> depths = new ArrayList<>();
        JsonNode ds = field(b, "depths", where, at);
        if (!ds.isArray())
            throw new SearchSpaceFormatException(
                    where + ": " + at + "\"depths\" must be an array of whole numbers, not " + ds + ".");
        for (JsonNode d : ds) {
            if (!d.isInt() || d.asInt() < 1 || d.asInt() > MAX_DEPTH) {
                throw new SearchSpaceFormatException(
                        where + ": " + at + "depth " + d + " must be a whole number from 1 to " + MAX_DEPTH + ".");
            }
            depths.add(d.asInt());
        }
        List<OpSpec> ops = new ArrayList<>();
        JsonNode os = field(b, "ops", where, at);
        if (!os.isArray())
            throw new SearchSpaceFormatException(
                    where + ": " + at + "\"ops\" must be an array of operation strings, not " + os + ".");
        for (JsonNode o : os) {
            if (!o.isTextual())
                throw new SearchSpaceFormatException(
                        where + ": " + at + "operation " + o + " is not a string such as k3_e6.");
            ops.add(op(o.asText(), where, at));
        }
        JsonNode skip = b.path("allowSkip");
        if (!skip.isMissingNode() && !skip.isNull() && !skip.isBoolean()) {
            throw new SearchSpaceFormatException(
                    where + ": " + at + "\"allowSkip\" must be true or false, not " + skip + ".");
        }
        try {
            return new BlockSpec(integer(b, "channels", where, at), integer(b, "stride", where, at), depths, ops,
                    skip.asBoolean(false));
        } catch (SearchSpaceFormatException e) {
            throw new SearchSpaceFormatException(where + ": " + at + e.getMessage(), e);
        }
    }

    private static OpSpec op(String text, String where, String at) {
        String[] parts = text.split("_");
        if (parts.length == 2 && parts[0].startsWith("k") && parts[1].startsWith("e")) {
            try {
                return new OpSpec(Integer.parseInt(parts[0].substring(1)), Integer.parseInt(parts[1].substring(1)));
            } catch (NumberFormatException e) {
                // reported below
            } catch (SearchSpaceFormatException e) {
                throw new SearchSpaceFormatException(where + ": " + at + e.getMessage(), e);
            }
        }
        throw new SearchSpaceFormatException(
                where + ": " + at + "operation \"" + text + "\" is not of the form k{3|5|7}_e{expansion}.");
    }

    private static JsonNode field(JsonNode node, String name, String where, String at) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull())
            throw new SearchSpaceFormatException(where + ": " + at + "\"" + name + "\" is missing.");
        return v;
    }

    private static int integer(JsonNode node, String name, String where, String at) {
        JsonNode v = field(node, name, where, at);
        if (!v.isInt())
            throw new SearchSpaceFormatException(
                    where + ": " + at + "\"" + name + "\" must be a whole number, not " + v + ".");
        return v.asInt();
    }

    private static double seRatio(JsonNode v, String where) {
        if (v.isMissingNode() || v.isNull()) return 0;
        if (!v.isNumber() || !(v.asDouble() >= 0 && v.asDouble() <= 1)) {
            throw new SearchSpaceFormatException(where + ": \"seRatio\" must be a number from 0 to 1, not " + v + ".");
        }
        return v.asDouble();
    }

    private static Activation activation(JsonNode v, String where, String name, Activation fallback) {
        if (v.isMissingNode() || v.isNull()) return fallback;
        if (!v.isTextual())
            throw new SearchSpaceFormatException(
                    where + ": " + name + " " + v + " is not " + Activation.cellTokens() + ".");
        Activation a = Activation.fromToken(v.asText());
        if (a == null || !a.inCells())
            throw new SearchSpaceFormatException(
                    where + ": " + name + " \"" + v.asText() + "\" is not " + Activation.cellTokens() + ".");
        return a;
    }

    private static void unknown(JsonNode node, Set<String> known, String where, String at) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new SearchSpaceFormatException(where + ": " + at + "unknown field \"" + f + "\" (known: "
                        + String.join(", ", known.stream().sorted().toList()) + ").");
            }
        }
    }

    /** The space as JSON text that {@link #parse} reads back to an equal space. */
    public static String write(SearchSpace s) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("name", s.name());
        root.put("inChannels", s.inChannels());
        root.put("resolution", s.resolution());
        root.put("numClasses", s.numClasses());
        root.put("activation", s.activation().token());
        root.put("seRatio", s.seRatio());
        ObjectNode stem = root.putObject("stem");
        stem.put("channels", s.stem().outChannels());
        stem.put("stride", s.stem().stride());
        stem.put("activation", s.stem().activation().token());
        ArrayNode fixed = root.putArray("fixedCells");
        for (CellSpec c : s.fixedCells()) fixed.add(c.toString());
        ArrayNode blocks = root.putArray("blocks");
        for (BlockSpec b : s.blocks()) {
            ObjectNode o = blocks.addObject();
            o.put("channels", b.outChannels());
            o.put("stride", b.stride());
            ArrayNode d = o.putArray("depths");
            b.depths().forEach(d::add);
            ArrayNode ops = o.putArray("ops");
            b.ops().forEach(op -> ops.add(op.toString()));
            o.put("allowSkip", b.allowSkip());
        }
        ObjectNode head = root.putObject("head");
        head.put("channels", s.head().outChannels());
        head.put("activation", s.head().activation().token());
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
