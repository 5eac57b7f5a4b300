/**
 * The blocknas library API: the only package an application needs to import.
 *
 * <p>{@link dev.blocknas.nas.api.Search} runs a search as {@code blocknas search} does and returns a
 * {@link dev.blocknas.nas.api.SearchOutcome}; {@link dev.blocknas.nas.api.BlocknasNetwork} loads a network
 * found and trained by blocknas from its weight file (the architecture, input size, normalisation and class
 * names travel in the file's metadata), classifies images, and exports the network to ONNX. Every failure is a
 * {@link dev.blocknas.nas.api.BlocknasException} with a one-sentence message.
 *
 * <pre>{@code
 * SearchOutcome found = Search.builder().space("mnist").maxParams(50_000).listener(System.out::println).run();
 * try (BlocknasNetwork net = BlocknasNetwork.load(found.weights())) {
 *     float[] p = net.predict(ImageIO.read(new File("digit.png")));
 *     System.out.println(net.label(p) + " with probability " + p[net.top(p)]);
 *     net.exportOnnx(Path.of("model.onnx"));
 * }
 * }</pre>
 */
package dev.blocknas.nas.api;
