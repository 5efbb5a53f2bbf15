/* A stand-in for Windows' bcryptprimitives.dll, for running our Windows test binaries under
 * Wine 8 only. Rust's standard library (1.78 and later) takes its random numbers from
 * ProcessPrng in this DLL; Windows 10 and 11 have it, Wine 8 does not. This one answers with
 * RtlGenRandom (advapi32's SystemFunction036), which Wine has. Never shipped.
 * Built by scripts/test-windows.sh with x86_64-w64-mingw32-gcc. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
