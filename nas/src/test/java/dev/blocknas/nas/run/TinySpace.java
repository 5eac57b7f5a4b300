package dev.blocknas.nas.run;

/** A two-block space small enough for whole searches in unit tests (6 + 3 block candidates). */
final class TinySpace {
    static final String JSON = """
            {"name": "tiny", "inChannels": 1, "resolution": 28, "numClasses": 10, "activation": "swish", "seRatio": 0,
             "stem": {"channels": 8, "stride": 2},
             "blocks": [{"channels": 12, "stride": 2, "depths": [1, 2], "ops": ["k3_e3", "k5_e3"]},
                        {"channels": 16, "stride": 2, "depths": [1], "ops": ["k3_e3", "k3_e6", "k5_e3"]}],
             "head": {"channels": 32}}
            """;

    private TinySpace() {}
}
