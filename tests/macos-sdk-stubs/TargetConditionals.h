/* Stand-in for the macOS SDK's TargetConditionals.h (see README.md): an Apple Silicon Mac. */
#ifndef OCES_STUB_TARGETCONDITIONALS_H
#define OCES_STUB_TARGETCONDITIONALS_H
#define TARGET_OS_MAC 1
#define TARGET_OS_OSX 1
#define TARGET_OS_IPHONE 0
#define TARGET_OS_IOS 0
#define TARGET_OS_TV 0
#define TARGET_OS_WATCH 0
#define TARGET_OS_SIMULATOR 0
#define TARGET_CPU_ARM64 1
#define TARGET_CPU_X86_64 0
#endif
