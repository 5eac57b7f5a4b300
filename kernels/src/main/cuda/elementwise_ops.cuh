// The elementwise functions, shared by elementwise.cu and fused.cu. Codes must match
// dev.blocknas.kernels.ops.OpCodes (OpCodesMatchSourceTest reads this file).
#pragma once

enum UnaryCode {
    UNARY_NEG = 0, UNARY_EXP = 1, UNARY_LOG = 2, UNARY_SQRT = 3, UNARY_ABS = 4, UNARY_SQUARE = 5,
    UNARY_TANH = 6, UNARY_POW = 7, UNARY_ADD_SCALAR = 8, UNARY_MUL_SCALAR = 9, UNARY_RELU = 10,
    UNARY_RELU6 = 11, UNARY_SIGMOID = 12, UNARY_SILU = 13, UNARY_HARD_SWISH = 14, UNARY_HARD_SIGMOID = 15
};
enum BinaryCode { BINARY_ADD = 0, BINARY_SUB = 1, BINARY_MUL = 2, BINARY_DIV = 3, BINARY_EQ = 4 };

__device__ __forceinline__ float sigmoidf(float v) { return 1.f / (1.f + expf(-v)); }

__device__ __forceinline__ float unary_f(int op, float v, float a) {
    switch (op) {
        case UNARY_NEG: return -v;
        case UNARY_EXP: return expf(v);
        case UNARY_LOG: return logf(v);
        case UNARY_SQRT: return sqrtf(v);
        case UNARY_ABS: return fabsf(v);
        case UNARY_SQUARE: return v * v;
        case UNARY_TANH: return tanhf(v);
        case UNARY_POW: return powf(v, a);
        case UNARY_ADD_SCALAR: return v + a;
        case UNARY_MUL_SCALAR: return v * a;
        case UNARY_RELU: return fmaxf(v, 0.f);
        case UNARY_RELU6: return fminf(fmaxf(v, 0.f), 6.f);
        case UNARY_SIGMOID: return sigmoidf(v);
        case UNARY_SILU: return v * sigmoidf(v);
        case UNARY_HARD_SWISH: return v * fminf(fmaxf(v + 3.f, 0.f), 6.f) / 6.f;
        case UNARY_HARD_SIGMOID: return fminf(fmaxf(v + 3.f, 0.f), 6.f) / 6.f;
        default: return __int_as_float(0x7fc00000);  // unknown op: NaN, so a test notices
    }
}

// gx = g * op'(x), given x and y = op(x).
__device__ __forceinline__ float unary_grad(int op, float x, float y, float g, float a) {
    switch (op) {
        case UNARY_NEG: return -g;
        case UNARY_EXP: return g * y;
        case UNARY_LOG: return g / x;
        case UNARY_SQRT: return g * 0.5f / y;
        case UNARY_ABS: return g * (x > 0.f ? 1.f : (x < 0.f ? -1.f : 0.f));
        case UNARY_SQUARE: return g * 2.f * x;
        case UNARY_TANH: return g * (1.f - y * y);
        case UNARY_POW: return g * a * powf(x, a - 1.f);
        case UNARY_ADD_SCALAR: return g;
        case UNARY_MUL_SCALAR: return g * a;
        case UNARY_RELU: return x > 0.f ? g : 0.f;
        case UNARY_RELU6: return x > 0.f && x < 6.f ? g : 0.f;
        case UNARY_SIGMOID: return g * y * (1.f - y);
        case UNARY_SILU: {
            const float s = sigmoidf(x);
            return g * s * (1.f + x * (1.f - s));
        }
        case UNARY_HARD_SWISH: return x < -3.f ? 0.f : (x > 3.f ? g : g * (2.f * x + 3.f) / 6.f);
        case UNARY_HARD_SIGMOID: return x > -3.f && x < 3.f ? g / 6.f : 0.f;
        default: return __int_as_float(0x7fc00000);
    }
}

__device__ __forceinline__ float binary_f(int op, float a, float b) {
    switch (op) {
        case BINARY_ADD: return a + b;
        case BINARY_SUB: return a - b;
        case BINARY_MUL: return a * b;
        case BINARY_DIV: return a / b;
        case BINARY_EQ: return a == b ? 1.f : 0.f;
        default: return __int_as_float(0x7fc00000);
    }
}
