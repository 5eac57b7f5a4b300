/*
 * A stand-in for libcublas and libcudnn with the same C calling signatures as the functions the backend
 * binds: each records its arguments as one text line and returns success. FfmBindingsStubTest compiles it
 * with the system C compiler, points the bindings at it, and checks that every argument arrives where the
 * C prototype expects it (order, width, by value or by pointer). No GPU or NVIDIA library is involved.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

static char LOG[1 << 16];

static void logf_(const char* fmt, ...) {
    size_t used = strlen(LOG);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(LOG + used, sizeof(LOG) - used, fmt, ap);
    va_end(ap);
    strncat(LOG, "\n", sizeof(LOG) - strlen(LOG) - 1);
}

const char* stub_log(void) { return LOG; }
void stub_clear(void) { LOG[0] = 0; }

/* ---- cuBLAS ---- */
int cublasCreate_v2(void** handle) { *handle = (void*)0x1234; logf_("cublasCreate_v2"); return 0; }
int cublasDestroy_v2(void* h) { logf_("cublasDestroy_v2 h=%p", h); return 0; }
int cublasSetStream_v2(void* h, void* stream) { logf_("cublasSetStream_v2 h=%p stream=%p", h, stream); return 0; }
int cublasSetMathMode(void* h, int mode) { logf_("cublasSetMathMode h=%p mode=%d", h, mode); return 0; }
int cublasGetVersion_v2(void* h, int* v) { *v = 130001; logf_("cublasGetVersion_v2 h=%p", h); return 0; }
const char* cublasGetStatusName(int s) { return s == 7 ? "CUBLAS_STATUS_INVALID_VALUE" : "CUBLAS_STATUS_OTHER"; }
int cublasSgemm_v2(void* h, int ta, int tb, int m, int n, int k, const float* alpha, const float* A, int lda,
                   const float* B, int ldb, const float* beta, float* C, int ldc) {
    logf_("cublasSgemm_v2 h=%p ta=%d tb=%d m=%d n=%d k=%d alpha=%g A=%p lda=%d B=%p ldb=%d beta=%g C=%p ldc=%d",
          h, ta, tb, m, n, k, *alpha, (void*)A, lda, (void*)B, ldb, *beta, (void*)C, ldc);
    return m == 999 ? 7 : 0;
}
int cublasSgemmStridedBatched(void* h, int ta, int tb, int m, int n, int k, const float* alpha, const float* A, int lda,
                              long long sA, const float* B, int ldb, long long sB, const float* beta, float* C, int ldc,
                              long long sC, int batch) {
    logf_("cublasSgemmStridedBatched h=%p ta=%d tb=%d m=%d n=%d k=%d alpha=%g A=%p lda=%d sA=%lld B=%p ldb=%d sB=%lld "
          "beta=%g C=%p ldc=%d sC=%lld batch=%d", h, ta, tb, m, n, k, *alpha, (void*)A, lda, sA, (void*)B, ldb, sB, *beta,
          (void*)C, ldc, sC, batch);
    return 0;
}

/* ---- cuDNN ---- */
typedef struct {
    int algo;
    int status;
    float time;
    size_t memory;
    int determinism;
    int mathType;
    int reserved[3];
} Perf;

static int nextDesc = 0x100;

size_t cudnnGetVersion(void) { return 91400; }
const char* cudnnGetErrorString(int s) { return s == 3 ? "CUDNN_STATUS_BAD_PARAM" : "CUDNN_STATUS_OTHER"; }
int cudnnCreate(void** h) { *h = (void*)0x5678; logf_("cudnnCreate"); return 0; }
int cudnnDestroy(void* h) { logf_("cudnnDestroy h=%p", h); return 0; }
int cudnnSetStream(void* h, void* s) { logf_("cudnnSetStream h=%p stream=%p", h, s); return 0; }
int cudnnCreateTensorDescriptor(void** d) { *d = (void*)(size_t)(nextDesc++); logf_("cudnnCreateTensorDescriptor %p", *d); return 0; }
int cudnnSetTensor4dDescriptor(void* d, int format, int type, int n, int c, int h, int w) {
    logf_("cudnnSetTensor4dDescriptor %p format=%d type=%d n=%d c=%d h=%d w=%d", d, format, type, n, c, h, w);
    return n == 999 ? 3 : 0;
}
int cudnnDestroyTensorDescriptor(void* d) { logf_("cudnnDestroyTensorDescriptor %p", d); return 0; }
int cudnnCreateFilterDescriptor(void** d) { *d = (void*)(size_t)(nextDesc++); logf_("cudnnCreateFilterDescriptor %p", *d); return 0; }
int cudnnSetFilter4dDescriptor(void* d, int type, int format, int k, int c, int h, int w) {
    logf_("cudnnSetFilter4dDescriptor %p type=%d format=%d k=%d c=%d h=%d w=%d", d, type, format, k, c, h, w);
    return k == 999 ? 3 : 0;
}
int cudnnDestroyFilterDescriptor(void* d) { logf_("cudnnDestroyFilterDescriptor %p", d); return 0; }
int cudnnCreateConvolutionDescriptor(void** d) { *d = (void*)(size_t)(nextDesc++); logf_("cudnnCreateConvolutionDescriptor %p", *d); return 0; }
int cudnnSetConvolution2dDescriptor(void* d, int ph, int pw, int u, int v, int dh, int dw, int mode, int type) {
    logf_("cudnnSetConvolution2dDescriptor %p pad=%d,%d stride=%d,%d dilation=%d,%d mode=%d type=%d", d, ph, pw, u, v, dh, dw, mode, type);
    return 0;
}
int cudnnSetConvolutionGroupCount(void* d, int g) { logf_("cudnnSetConvolutionGroupCount %p groups=%d", d, g); return 0; }
int cudnnSetConvolutionMathType(void* d, int m) { logf_("cudnnSetConvolutionMathType %p math=%d", d, m); return 0; }
int cudnnDestroyConvolutionDescriptor(void* d) { logf_("cudnnDestroyConvolutionDescriptor %p", d); return 0; }

/* Answers every search the same way: algo 6 failed, algo 2 works with 4096 bytes of workspace. */
static void perf(int* returned, Perf* p) {
    memset(p, 0, 2 * sizeof(Perf));
    p[0].algo = 6; p[0].status = 9; p[0].time = 0.1f; p[0].memory = 0;
    p[1].algo = 2; p[1].status = 0; p[1].time = 0.5f; p[1].memory = 4096;
    *returned = 2;
}
int cudnnFindConvolutionForwardAlgorithmEx(void* h, void* xd, const void* x, void* wd, const void* w, void* cd, void* yd,
                                           void* y, int req, int* ret, Perf* p, void* ws, size_t wss) {
    logf_("cudnnFindConvolutionForwardAlgorithmEx h=%p xd=%p x=%p wd=%p w=%p cd=%p yd=%p y=%p req=%d ws=%p wss=%zu",
          h, xd, x, wd, w, cd, yd, y, req, ws, wss);
    perf(ret, p);
    return 0;
}
int cudnnFindConvolutionBackwardDataAlgorithmEx(void* h, void* wd, const void* w, void* dyd, const void* dy, void* cd,
                                                void* dxd, void* dx, int req, int* ret, Perf* p, void* ws, size_t wss) {
    logf_("cudnnFindConvolutionBackwardDataAlgorithmEx h=%p wd=%p w=%p dyd=%p dy=%p cd=%p dxd=%p dx=%p req=%d ws=%p wss=%zu",
          h, wd, w, dyd, dy, cd, dxd, dx, req, ws, wss);
    perf(ret, p);
    return 0;
}
int cudnnFindConvolutionBackwardFilterAlgorithmEx(void* h, void* xd, const void* x, void* dyd, const void* dy, void* cd,
                                                  void* dwd, void* dw, int req, int* ret, Perf* p, void* ws, size_t wss) {
    logf_("cudnnFindConvolutionBackwardFilterAlgorithmEx h=%p xd=%p x=%p dyd=%p dy=%p cd=%p dwd=%p dw=%p req=%d ws=%p wss=%zu",
          h, xd, x, dyd, dy, cd, dwd, dw, req, ws, wss);
    perf(ret, p);
    return 0;
}
int cudnnGetConvolutionForwardWorkspaceSize(void* h, void* xd, void* wd, void* cd, void* yd, int algo, size_t* size) {
    *size = 4096; logf_("cudnnGetConvolutionForwardWorkspaceSize xd=%p wd=%p cd=%p yd=%p algo=%d", xd, wd, cd, yd, algo); return 0;
}
int cudnnGetConvolutionBackwardDataWorkspaceSize(void* h, void* wd, void* dyd, void* cd, void* dxd, int algo, size_t* size) {
    *size = 4096; logf_("cudnnGetConvolutionBackwardDataWorkspaceSize wd=%p dyd=%p cd=%p dxd=%p algo=%d", wd, dyd, cd, dxd, algo); return 0;
}
int cudnnGetConvolutionBackwardFilterWorkspaceSize(void* h, void* xd, void* dyd, void* cd, void* dwd, int algo, size_t* size) {
    *size = 4096; logf_("cudnnGetConvolutionBackwardFilterWorkspaceSize xd=%p dyd=%p cd=%p dwd=%p algo=%d", xd, dyd, cd, dwd, algo); return 0;
}
int cudnnConvolutionForward(void* h, const float* alpha, void* xd, const void* x, void* wd, const void* w, void* cd,
                            int algo, void* ws, size_t wss, const float* beta, void* yd, void* y) {
    logf_("cudnnConvolutionForward h=%p alpha=%g xd=%p x=%p wd=%p w=%p cd=%p algo=%d ws=%p wss=%zu beta=%g yd=%p y=%p",
          h, *alpha, xd, x, wd, w, cd, algo, ws, wss, *beta, yd, y);
    return 0;
}
int cudnnConvolutionBackwardData(void* h, const float* alpha, void* wd, const void* w, void* dyd, const void* dy, void* cd,
                                 int algo, void* ws, size_t wss, const float* beta, void* dxd, void* dx) {
    logf_("cudnnConvolutionBackwardData h=%p alpha=%g wd=%p w=%p dyd=%p dy=%p cd=%p algo=%d ws=%p wss=%zu beta=%g dxd=%p dx=%p",
          h, *alpha, wd, w, dyd, dy, cd, algo, ws, wss, *beta, dxd, dx);
    return 0;
}
int cudnnConvolutionBackwardFilter(void* h, const float* alpha, void* xd, const void* x, void* dyd, const void* dy, void* cd,
                                   int algo, void* ws, size_t wss, const float* beta, void* dwd, void* dw) {
    logf_("cudnnConvolutionBackwardFilter h=%p alpha=%g xd=%p x=%p dyd=%p dy=%p cd=%p algo=%d ws=%p wss=%zu beta=%g dwd=%p dw=%p",
          h, *alpha, xd, x, dyd, dy, cd, algo, ws, wss, *beta, dwd, dw);
    return 0;
}
int cudnnBatchNormalizationForwardTraining(void* h, int mode, const float* alpha, const float* beta, void* xd, const void* x,
                                           void* yd, void* y, void* bd, const void* scale, const void* bias, double factor,
                                           void* rm, void* rv, double eps, void* sm, void* siv) {
    logf_("cudnnBatchNormalizationForwardTraining h=%p mode=%d alpha=%g beta=%g xd=%p x=%p yd=%p y=%p bd=%p scale=%p bias=%p "
          "factor=%g rm=%p rv=%p eps=%g sm=%p siv=%p", h, mode, *alpha, *beta, xd, x, yd, y, bd, scale, bias, factor, rm, rv,
          eps, sm, siv);
    return 0;
}
int cudnnBatchNormalizationForwardInference(void* h, int mode, const float* alpha, const float* beta, void* xd,
                                            const void* x, void* yd, void* y, void* bd, const void* scale, const void* bias,
                                            const void* em, const void* ev, double eps) {
    logf_("cudnnBatchNormalizationForwardInference h=%p mode=%d alpha=%g beta=%g xd=%p x=%p yd=%p y=%p bd=%p scale=%p "
          "bias=%p em=%p ev=%p eps=%g", h, mode, *alpha, *beta, xd, x, yd, y, bd, scale, bias, em, ev, eps);
    return 0;
}
int cudnnBatchNormalizationBackward(void* h, int mode, const float* ad, const float* bd_, const float* ap, const float* bp,
                                    void* xd, const void* x, void* dyd, const void* dy, void* dxd, void* dx, void* pd,
                                    const void* scale, void* dscale, void* dbias, double eps, const void* sm,
                                    const void* siv) {
    logf_("cudnnBatchNormalizationBackward h=%p mode=%d ad=%g bd=%g ap=%g bp=%g xd=%p x=%p dyd=%p dy=%p dxd=%p dx=%p pd=%p "
          "scale=%p dscale=%p dbias=%p eps=%g sm=%p siv=%p", h, mode, *ad, *bd_, *ap, *bp, xd, x, dyd, dy, dxd, dx, pd, scale,
          dscale, dbias, eps, sm, siv);
    return 0;
}
