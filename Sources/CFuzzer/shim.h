#ifndef CFUZZER_SHIM_H
#define CFUZZER_SHIM_H
#include <stddef.h>
#include <stdint.h>

/* libFuzzer's entry point when the program has its own main (-sanitize=fuzzer links it).
   Only referenced by CheckoutFuzz built with -DFUZZING. */
extern int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
