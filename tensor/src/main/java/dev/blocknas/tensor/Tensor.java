package dev.blocknas.tensor;

import java.util.Arrays;

/**
 * An n-dimensional float32 array on a {@link Device}, with reverse-mode autograd.
 *
 * <p>A tensor is a view (offset, shape, strides) of a reference-counted {@link Storage}. It belongs to the
 * {@link Scope} open when it was made, which frees it on close; {@link #keep()} and {@link #persist()} take
 * it out. Using a tensor after it was freed throws. Ops are static methods of the classes in
 * {@code dev.blocknas.tensor.ops}; the common ones are also instance methods here.
 */
public final class Tensor implements AutoCloseable {
    /** The ops of {@code dev.blocknas.tensor.ops}, reached through a service so that package is not imported here. */
    private static final FluentOps OPS = FluentOps.load();

    private final Storage storage;
    private final int offset;
    private final Shape shape;
    private final int[] strides;
    private boolean closed;
    private Scope owner;
    private boolean requiresGrad;
    private boolean retainGrad;
    private Node gradFn;
    private Tensor grad;

    private Tensor(Storage storage, int offset, Shape shape, int[] strides) {
        this.storage = storage;
        this.offset = offset;
        this.shape = shape;
        this.strides = strides;
        this.owner = Scope.current();
        if (owner != null) owner.adopt(this);
    }

    // ---- creation -------------------------------------------------------------------------------

    /** A new tensor with uninitialised contents. */
    public static Tensor empty(Shape shape, Device device) {
        Storage s = Backends.get(device).allocate(shape.numel(), DType.FLOAT32);
        return new Tensor(s, 0, shape, shape.contiguousStrides());
    }

    /** A new tensor with uninitialised contents. */
    public static Tensor empty(Device device, int... dims) {
        return empty(Shape.of(dims), device);
    }

    /** A new uninitialised tensor of the shape and device of {@code t}. */
    public static Tensor emptyLike(Tensor t) {
        return empty(t.shape, t.device());
    }

    public static Tensor full(float value, Device device, int... dims) {
        Tensor t = empty(device, dims);
        t.backend().fill(t, value);
        return t;
    }

    public static Tensor zeros(Device device, int... dims) {
        return full(0f, device, dims);
    }

    public static Tensor ones(Device device, int... dims) {
        return full(1f, device, dims);
    }

    public static Tensor zerosLike(Tensor t) {
        return full(0f, t.device(), t.shape.toArray());
    }

    /** A scalar (rank 0) tensor. */
    public static Tensor scalar(float value, Device device) {
        return full(value, device);
    }

    /** 0, 1, ..., n-1. */
    public static Tensor arange(int n, Device device) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = i;
        return of(device, v, n);
    }

    /** A tensor holding a copy of {@code data} in row-major order. */
    public static Tensor of(Device device, float[] data, int... dims) {
        Shape s = Shape.of(dims);
        if (s.numel() != data.length) {
            throw new ShapeException(data.length + " values do not fill a tensor of shape " + s);
        }
        Tensor t = empty(s, device);
        t.backend().upload(data, 0, t);
        return t;
    }

    /** A CPU tensor holding a copy of {@code data}. */
    public static Tensor of(float[] data, int... dims) {
        return of(Device.CPU, data, dims);
    }

    /** Uniform values in [low, high) from the counter-based generator (identical on every device). */
    public static Tensor rand(Rng rng, float low, float high, Device device, int... dims) {
        Tensor t = empty(device, dims);
        t.backend().fillUniform(t, rng.nextSeed(), low, high);
        return t;
    }

    /** Normal values with the given mean and standard deviation (identical on every device). */
    public static Tensor randn(Rng rng, float mean, float std, Device device, int... dims) {
        Tensor t = empty(device, dims);
        t.backend().fillNormal(t, rng.nextSeed(), mean, std);
        return t;
    }

    /** Standard normal values. */
    public static Tensor randn(Rng rng, Device device, int... dims) {
        return randn(rng, 0f, 1f, device, dims);
    }

    /**
     * A view of this tensor's storage; the view is recorded on the tape with the given gradient rule by the
     * caller. Meant for op implementations ({@code dev.blocknas.tensor.ops.Views}).
     */
    public Tensor view(int offset, Shape shape, int[] strides) {
        checkOpen();
        storage.retain();
        return new Tensor(storage, offset, shape, strides);
    }

    // ---- properties -----------------------------------------------------------------------------

    public Shape shape() {
        return shape;
    }

    /** Size of dimension {@code i} (negative counts from the end). */
    public int dim(int i) {
        return shape.dim(i);
    }

    public int rank() {
        return shape.rank();
    }

    public int numel() {
        return shape.numel();
    }

    public DType dtype() {
        return storage.dtype();
    }

    public Device device() {
        return storage.backend().device();
    }

    /** The backend owning this tensor's memory. */
    public Backend backend() {
        return storage.backend();
    }

    /** The storage; for backends. */
    public Storage storage() {
        checkOpen();
        return storage;
    }

    /** Offset of element [0, ..., 0] in the storage, in elements. */
    public int offset() {
        return offset;
    }

    /** Strides in elements (a copy). */
    public int[] strides() {
        return strides.clone();
    }

    /** Stride of dimension {@code i}. */
    public int stride(int i) {
        return strides[shape.axis(i)];
    }

    /** True when elements are laid out densely in row-major order. */
    public boolean isContiguous() {
        int expected = 1;
        for (int i = shape.rank() - 1; i >= 0; i--) {
            if (shape.dim(i) != 1 && strides[i] != expected) return false;
            expected *= shape.dim(i);
        }
        return true;
    }

    // ---- lifetime -------------------------------------------------------------------------------

    public boolean isClosed() {
        return closed || storage.isFreed();
    }

    /** Throws if this tensor has been freed. */
    public void checkOpen() {
        if (isClosed()) {
            throw new IllegalStateException("a tensor of shape " + shape + " was used after it was freed"
                    + " (it belonged to a scope that has closed; keep() or persist() it to use it longer)");
        }
    }

    Scope owner() {
        return owner;
    }

    /** Moves this tensor to the scope enclosing its owner (or makes it unowned); returns this. */
    public Tensor keep() {
        checkOpen();
        Scope parent = owner == null ? null : owner.parent();
        owner = parent;
        if (parent != null) parent.adopt(this);
        return this;
    }

    /** Takes this tensor out of every scope: the caller must {@link #close()} it. Returns this. */
    public Tensor persist() {
        checkOpen();
        owner = null;
        return this;
    }

    /** Frees this tensor (its storage once no view uses it) and its gradient. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        gradFn = null;
        if (grad != null) {
            grad.close();
            grad = null;
        }
        storage.release();
    }

    // ---- data access ----------------------------------------------------------------------------

    /** A copy of the elements in row-major order (waits for queued device work). */
    public float[] toArray() {
        checkOpen();
        float[] out = new float[numel()];
        if (isContiguous()) {
            backend().download(this, out, 0);
        } else {
            try (Autograd.Mode ignored = Autograd.noGrad(); Tensor c = OPS.contiguous(this)) {
                backend().download(c, out, 0);
            }
        }
        return out;
    }

    /** The value of a one-element tensor. */
    public float item() {
        if (numel() != 1) throw new ShapeException("item() needs a one-element tensor, not shape " + shape);
        return toArray()[0];
    }

    /** One element, by index (slow on a GPU: for tests and inspection). */
    public float get(int... index) {
        if (index.length != rank()) {
            throw new ShapeException(index.length + " indices for a tensor of rank " + rank());
        }
        int at = offset;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape.dim(i)) {
                throw new ShapeException("index " + Arrays.toString(index) + " is out of bounds for shape " + shape);
            }
            at += index[i] * strides[i];
        }
        float[] one = new float[1];
        try (Tensor v = view(at, Shape.of(1), new int[] {1})) {
            backend().download(v, one, 0);
        }
        return one[0];
    }

    /** Overwrites this tensor's elements (in place, not recorded) with a copy of {@code src}'s, same shape. */
    public void copyFrom(Tensor src) {
        checkOpen();
        src.checkOpen();
        if (!src.shape.equals(shape)) {
            throw new ShapeException("cannot copy a tensor of shape " + src.shape + " into one of shape " + shape);
        }
        if (src.device().equals(device())) {
            backend().copy(src, this);
        } else {
            float[] host = src.toArray();
            if (isContiguous()) {
                backend().upload(host, 0, this);
            } else {
                try (Tensor tmp = of(device(), host, shape.toArray())) {
                    backend().copy(tmp, this);
                }
            }
        }
    }

    /** Overwrites this contiguous tensor's elements with {@code values} (in place, not recorded). */
    public void copyFrom(float[] values) {
        checkOpen();
        if (values.length != numel()) {
            throw new ShapeException(values.length + " values do not fill a tensor of shape " + shape);
        }
        if (!isContiguous()) throw new IllegalStateException("copyFrom(float[]) needs a contiguous tensor");
        backend().upload(values, 0, this);
    }

    /** Sets every element (in place, not recorded). */
    public void fill(float value) {
        checkOpen();
        if (!isContiguous()) throw new IllegalStateException("fill needs a contiguous tensor");
        backend().fill(this, value);
    }

    /**
     * This tensor on {@code device}: {@code this} when it is there already, else a copy that passes gradients
     * back to this tensor.
     */
    public Tensor to(Device device) {
        checkOpen();
        if (device.equals(device())) return this;
        Tensor out = of(device, toArray(), shape.toArray());
        Device from = device();
        return Autograd.record("to(" + device + ")", out, g -> new Tensor[] {g.to(from)}, this);
    }

    // ---- autograd -------------------------------------------------------------------------------

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf tensor as needing a gradient; returns this. */
    public Tensor requiresGrad(boolean value) {
        if (gradFn != null) throw new IllegalStateException("requiresGrad can only be set on a leaf tensor");
        requiresGrad = value;
        return this;
    }

    /** The accumulated gradient of a leaf (or of a tensor that {@link #retainGrad()}s), or null. */
    public Tensor grad() {
        return grad;
    }

    /** Keeps the gradient of this intermediate tensor in {@link #grad()} during backward. Returns this. */
    public Tensor retainGrad() {
        retainGrad = true;
        return this;
    }

    boolean retainsGrad() {
        return retainGrad;
    }

    /** Frees the accumulated gradient. */
    public void zeroGrad() {
        if (grad != null) {
            grad.close();
            grad = null;
        }
    }

    /** The op that produced this tensor, or null for a leaf. */
    public Node gradFn() {
        return gradFn;
    }

    void setGradFn(Node node) {
        gradFn = node;
        if (node != null) requiresGrad = true;
    }

    /** Adds {@code g} into this tensor's own gradient storage, which no scope owns. */
    void accumulateGrad(Tensor g) {
        if (grad == null) {
            Tensor copy = empty(shape, device()).persist();
            backend().copy(g, copy);
            grad = copy;
        } else {
            backend().binary(BinaryOp.ADD, grad, g, grad);
        }
    }

    /** Back-propagates from this scalar. */
    public void backward() {
        Autograd.backward(this, null, false);
    }

    /** Back-propagates from this tensor with gradient {@code seed} of its shape. */
    public void backward(Tensor seed) {
        Autograd.backward(this, seed, false);
    }

    /** A view of the same data that is not part of any graph. */
    public Tensor detach() {
        return view(offset, shape, strides);
    }

    // ---- common ops (see dev.blocknas.tensor.ops for all) ---------------------------------------

    public Tensor add(Tensor o) { return OPS.binary(BinaryOp.ADD, this, o); }
    public Tensor sub(Tensor o) { return OPS.binary(BinaryOp.SUB, this, o); }
    public Tensor mul(Tensor o) { return OPS.binary(BinaryOp.MUL, this, o); }
    public Tensor div(Tensor o) { return OPS.binary(BinaryOp.DIV, this, o); }
    public Tensor add(float c) { return OPS.unary(UnaryOp.ADD_SCALAR, c, this); }
    public Tensor sub(float c) { return OPS.unary(UnaryOp.ADD_SCALAR, -c, this); }
    public Tensor mul(float c) { return OPS.unary(UnaryOp.MUL_SCALAR, c, this); }
    public Tensor div(float c) { return OPS.unary(UnaryOp.MUL_SCALAR, 1f / c, this); }
    public Tensor pow(float e) { return OPS.unary(UnaryOp.POW, e, this); }
    public Tensor neg() { return OPS.unary(UnaryOp.NEG, 0f, this); }
    public Tensor exp() { return OPS.unary(UnaryOp.EXP, 0f, this); }
    public Tensor log() { return OPS.unary(UnaryOp.LOG, 0f, this); }
    public Tensor sqrt() { return OPS.unary(UnaryOp.SQRT, 0f, this); }
    public Tensor abs() { return OPS.unary(UnaryOp.ABS, 0f, this); }
    public Tensor square() { return OPS.unary(UnaryOp.SQUARE, 0f, this); }
    public Tensor tanh() { return OPS.unary(UnaryOp.TANH, 0f, this); }
    public Tensor relu() { return OPS.unary(UnaryOp.RELU, 0f, this); }
    public Tensor relu6() { return OPS.unary(UnaryOp.RELU6, 0f, this); }
    public Tensor sigmoid() { return OPS.unary(UnaryOp.SIGMOID, 0f, this); }
    public Tensor silu() { return OPS.unary(UnaryOp.SILU, 0f, this); }
    public Tensor hardSwish() { return OPS.unary(UnaryOp.HARD_SWISH, 0f, this); }
    public Tensor hardSigmoid() { return OPS.unary(UnaryOp.HARD_SIGMOID, 0f, this); }

    /** Sum of all elements (a scalar). */
    public Tensor sum() { return OPS.sum(this); }
    /** Sum over {@code axes}. */
    public Tensor sum(int[] axes, boolean keepDim) {
        return OPS.reduce(ReduceOp.SUM, this, axes, keepDim);
    }
    /** Mean of all elements (a scalar). */
    public Tensor mean() { return OPS.mean(this); }
    /** Mean over {@code axes}. */
    public Tensor mean(int[] axes, boolean keepDim) {
        return OPS.reduce(ReduceOp.MEAN, this, axes, keepDim);
    }
    /** Maximum over {@code axes}. */
    public Tensor max(int[] axes, boolean keepDim) {
        return OPS.reduce(ReduceOp.MAX, this, axes, keepDim);
    }

    public Tensor matmul(Tensor o) { return OPS.matmul(this, o); }

    public Tensor reshape(int... dims) { return OPS.reshape(this, dims); }
    /** Flattens dimensions from {@code startDim} to the end into one. */
    public Tensor flatten(int startDim) {
        return OPS.flatten(this, startDim);
    }
    public Tensor permute(int... order) { return OPS.permute(this, order); }
    public Tensor transpose(int a, int b) { return OPS.transpose(this, a, b); }
    /** Elements [start, start + length) of dimension {@code axis}, as a view. */
    public Tensor narrow(int axis, int start, int length) {
        return OPS.narrow(this, axis, start, length);
    }
    /** Rows [from, to) of dimension 0, as a view. */
    public Tensor slice(int from, int to) {
        return OPS.narrow(this, 0, from, to - from);
    }
    public Tensor unsqueeze(int axis) { return OPS.unsqueeze(this, axis); }
    /** This tensor if contiguous, else a contiguous copy. */
    public Tensor contiguous() { return OPS.contiguous(this); }

    @Override
    public String toString() {
        return "Tensor" + shape + " on " + device() + (requiresGrad ? " (requires grad)" : "")
                + (isClosed() ? " (freed)" : "");
    }
}
