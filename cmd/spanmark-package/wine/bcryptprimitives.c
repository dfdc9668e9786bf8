/*
 * A stand-in for Windows' bcryptprimitives.dll, for Wine 8 (Debian 12's),
 * which does not have it. Go programs since Go 1.22 take their random
 * numbers from its ProcessPrng and stop at start-up without it; Windows 10
 * and later always have it. Only the checks under Wine use this file: it
 * is copied into the Wine prefix, never shipped.
 */
#include <windows.h>

/* RtlGenRandom, exported by advapi32 as SystemFunction036. */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
	while (length > 0) {
		ULONG n = length > 0x40000000 ? 0x40000000 : (ULONG)length;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		length -= n;
	}
	return TRUE;
}
