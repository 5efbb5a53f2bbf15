; The Windows installer of OCES-guiden (oces-wizard), built with NSIS (Debian's makensis) by
; scripts/package-windows.sh. Per user: no administrator rights, installs under
; %LOCALAPPDATA%\Programs\OCES-guiden, a Start-menu entry, an uninstaller, and an entry in
; "Apps" with version and publisher. It never downloads anything: when the WebView2 runtime that
; the window needs is missing, it says what to install.
;
; Defines passed by the build script (makensis -D...):
;   VERSION   e.g. 0.1.0
;   BINDIR    the folder with oces-wizard-window.exe, oces-wizard.exe and WebView2Loader.dll
;   ICON      the app icon (.ico)
;   OUTFILE   the installer to write

Unicode true
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel user
ManifestDPIAware true

!include "MUI2.nsh"
!include "LogicLib.nsh"

!define PRODUCT "OCES-guiden"
!define PUBLISHER "oces-wizard"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\OCES-guiden"
; Guide links from a support desk (oces-wizard://v1/go?...), per user. The window reads the link
; and only shows what it would do; the user decides.
!define SCHEME_KEY "Software\Classes\oces-wizard"
!define SCHEME_COMMAND '"$INSTDIR\oces-wizard-window.exe" "%1"'
; Microsoft's product code of the Evergreen WebView2 runtime (EdgeUpdate client id).
!define WEBVIEW2_CLIENT "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${PRODUCT} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=0 "FileDescription" "${PRODUCT} installer"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "MIT"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\oces-wizard-window.exe"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; Danish first: it is the default when Windows speaks neither language.
!insertmacro MUI_LANGUAGE "Danish"
!insertmacro MUI_LANGUAGE "English"

LangString WebView2Missing ${LANG_DANISH} "OCES-guiden bruger Microsoft Edge WebView2 til at vise sine skærmbilleder, og den er ikke installeret på denne pc.$\r$\n$\r$\nWebView2 følger med Windows 11 og med opdaterede udgaver af Windows 10. Kør Windows Update, eller bed jeres it-afdeling installere »Microsoft Edge WebView2 Runtime«.$\r$\n$\r$\nInstallationen henter ikke noget selv. Vil du installere OCES-guiden alligevel? Kommandolinjen (oces-wizard.exe) virker uden WebView2."
LangString WebView2Missing ${LANG_ENGLISH} "OCES-guiden shows its screens with Microsoft Edge WebView2, which is not installed on this PC.$\r$\n$\r$\nWebView2 comes with Windows 11 and with up-to-date Windows 10. Run Windows Update, or ask your IT department to install the $\"Microsoft Edge WebView2 Runtime$\".$\r$\n$\r$\nThe installer downloads nothing by itself. Install OCES-guiden anyway? The command line (oces-wizard.exe) works without WebView2."
LangString WebView2Note ${LANG_DANISH} "Microsoft Edge WebView2 mangler: vinduet åbner først, når den er installeret."
LangString WebView2Note ${LANG_ENGLISH} "Microsoft Edge WebView2 is missing: the window opens once it is installed."

LangString StillRunning ${LANG_DANISH} "OCES-guiden er stadig åben, så den kan ikke fjernes. Luk OCES-guiden, og prøv igen."
LangString StillRunning ${LANG_ENGLISH} "OCES-guiden is still open, so it cannot be removed. Close OCES-guiden and try again."

; The runtime's version, from any of the places the Evergreen installer records it; empty when
; it is not installed (a recorded "0.0.0.0" also means removed).
Function WebView2Version
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_CLIENT}" "pv"
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_CLIENT}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKLM "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_CLIENT}" "pv"
  ${EndIf}
  ${If} $0 == "0.0.0.0"
    StrCpy $0 ""
  ${EndIf}
FunctionEnd

Var WebView2

Function .onInit
  Call WebView2Version
  StrCpy $WebView2 $0
  ${If} $WebView2 == ""
    ; Silent installs (IT deployment) go on; the note is written to the log below.
    MessageBox MB_YESNO|MB_ICONEXCLAMATION "$(WebView2Missing)" /SD IDYES IDYES +2
    Abort
  ${EndIf}
FunctionEnd

Section "OCES-guiden" SecMain
  SetOutPath "$INSTDIR"
  File "${BINDIR}\oces-wizard-window.exe"
  File "${BINDIR}\oces-wizard.exe"
  File "${BINDIR}\WebView2Loader.dll"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\oces-wizard-window.exe" "" "$INSTDIR\oces-wizard-window.exe" 0

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\oces-wizard-window.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  WriteRegStr HKCU "${SCHEME_KEY}" "" "URL:OCES-guiden"
  WriteRegStr HKCU "${SCHEME_KEY}" "URL Protocol" ""
  WriteRegStr HKCU "${SCHEME_KEY}\DefaultIcon" "" '"$INSTDIR\oces-wizard-window.exe",0'
  WriteRegStr HKCU "${SCHEME_KEY}\shell\open\command" "" '${SCHEME_COMMAND}'
  SectionGetSize ${SecMain} $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0

  ${If} $WebView2 == ""
    DetailPrint "$(WebView2Note)"
  ${EndIf}
SectionEnd

; Stops the uninstaller when FILE is held by a running program: Windows refuses to open a
; running program's file for writing. A missing file is not opened (opening would create it).
!macro CheckNotRunning FILE
  ${If} ${FileExists} "${FILE}"
    ClearErrors
    FileOpen $0 "${FILE}" a
    ${If} ${Errors}
      MessageBox MB_OK|MB_ICONEXCLAMATION "$(StillRunning)" /SD IDOK
      Abort "$(StillRunning)"
    ${EndIf}
    FileClose $0
  ${EndIf}
!macroend

; Removes exactly what the installer wrote. The user's certificates (%USERPROFILE%\.oces), the
; app's progress and settings (%APPDATA%\oces-wizard) and any backups are theirs: never touched.
Section "Uninstall"
  ; A program that is running cannot be deleted. Check both before anything is removed, so an
  ; open OCES-guiden leaves the installation whole and the user can close it and try again.
  !insertmacro CheckNotRunning "$INSTDIR\oces-wizard-window.exe"
  !insertmacro CheckNotRunning "$INSTDIR\oces-wizard.exe"
  Delete "$INSTDIR\oces-wizard-window.exe"
  Delete "$INSTDIR\oces-wizard.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\uninstall.exe"
  ; Only when empty: a folder the user put files in is left as it is.
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  ; The scheme only while it still opens this installation: another program that has taken it
  ; over since keeps it.
  ReadRegStr $1 HKCU "${SCHEME_KEY}\shell\open\command" ""
  ${If} $1 == '${SCHEME_COMMAND}'
    DeleteRegKey HKCU "${SCHEME_KEY}"
  ${EndIf}
SectionEnd
