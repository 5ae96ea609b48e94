; Inno Setup script for KKR Desk; build_installer.py fills in @VERSION@ and @ROOT@.
; Installs per user without admin rights; the uninstaller never deletes the user's stores.
[Setup]
AppId={{6C1B7F0E-3F7B-4C57-9A3E-6F1E2B9D0C11}
AppName=KKR Desk
AppVersion=@VERSION@
AppPublisher=KL
DefaultDirName={localappdata}\Programs\KKR Desk
DefaultGroupName=KKR Desk
PrivilegesRequired=lowest
OutputDir=@ROOT@\dist
OutputBaseFilename=kkrdesk-@VERSION@-setup
Compression=lzma2
SolidCompression=yes
UninstallDisplayIcon={app}\kkrdesk-vindue.exe
WizardStyle=modern

[Languages]
Name: "danish"; MessagesFile: "compiler:Languages\Danish.isl"

[Files]
Source: "@ROOT@\dist\kkrdesk\*"; DestDir: "{app}"; Flags: recursesubdirs createallsubdirs ignoreversion

[Icons]
Name: "{group}\KKR Desk"; Filename: "{app}\kkrdesk-vindue.exe"
Name: "{group}\Afinstallér KKR Desk"; Filename: "{uninstallexe}"
Name: "{userdesktop}\KKR Desk"; Filename: "{app}\kkrdesk-vindue.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Genvej på skrivebordet"; Flags: unchecked

[Run]
Filename: "{app}\kkrdesk-vindue.exe"; Description: "Start KKR Desk"; Flags: nowait postinstall skipifsilent
