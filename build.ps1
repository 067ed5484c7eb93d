#!/usr/bin/env pwsh
# Bootstrap, NUKE-style: find or install the pinned .NET SDK, build the entry (build/_build.csproj)
# when its sources changed, then run it with every argument passed through.
# Note: the default libtorch backend (libtorch-cpu-linux-x64) is Linux-only; on Windows pass a
# backend that fits your machine (see README, "CUDA and other backends").
[CmdletBinding()]
Param([Parameter(Position = 0, Mandatory = $false, ValueFromRemainingArguments = $true)] [string[]]$BuildArguments)

$ErrorActionPreference = "Stop"
Set-StrictMode -Version 2.0

$ScriptDir = Split-Path $MyInvocation.MyCommand.Path -Parent
$BuildProjectFile = Join-Path $ScriptDir "build/_build.csproj"
$DotNetGlobalFile = Join-Path $ScriptDir "global.json"
$DotNetInstallUrl = "https://dot.net/v1/dotnet-install.ps1"
$LocalDotNetDir = Join-Path $ScriptDir ".dotnet"
$Rid = if ($IsWindows -or $env:OS -eq "Windows_NT") { "win-x64" } elseif ($IsMacOS) { "osx-arm64" } else { "linux-x64" }
$OutputDir = Join-Path $ScriptDir "build/bin/Release/net10.0/$Rid"
$EntryDll = Join-Path $OutputDir "_build.dll"

$env:DOTNET_CLI_TELEMETRY_OPTOUT = 1
$env:DOTNET_NOLOGO = 1
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = 1
$env:DOTNET_MULTILEVEL_LOOKUP = 0

$Backend = "cpu"
$PassThrough = @()
if ($BuildArguments) {
    foreach ($a in $BuildArguments) { if ($a -eq "--cuda") { $Backend = "cuda" } else { $PassThrough += $a } }
}

function Test-Sdk([string]$exe) {
    if (-not $exe) { return $false }
    Push-Location $ScriptDir
    try { & $exe --version *> $null; return $LASTEXITCODE -eq 0 } catch { return $false } finally { Pop-Location }
}

$DotNetExe = (Get-Command "dotnet" -ErrorAction SilentlyContinue).Source
if (-not (Test-Sdk $DotNetExe)) {
    $LocalExe = Join-Path $LocalDotNetDir $(if ($IsWindows -or $env:OS -eq "Windows_NT") { "dotnet.exe" } else { "dotnet" })
    if (Test-Sdk $LocalExe) {
        $DotNetExe = $LocalExe
    } else {
        $SdkVersion = (Get-Content $DotNetGlobalFile | ConvertFrom-Json).sdk.version
        $Channel = $SdkVersion.Substring(0, $SdkVersion.LastIndexOf('.'))
        Write-Host "build.ps1: no .NET SDK satisfying global.json ($SdkVersion) on PATH; installing into $LocalDotNetDir ($DotNetInstallUrl)."
        try {
            New-Item -ItemType Directory -Force -Path $LocalDotNetDir | Out-Null
            $Installer = Join-Path $LocalDotNetDir "dotnet-install.ps1"
            Invoke-WebRequest $DotNetInstallUrl -OutFile $Installer -UseBasicParsing
            & powershell -NoProfile -ExecutionPolicy Bypass -File $Installer -InstallDir $LocalDotNetDir -Channel $Channel -NoPath
        } catch {
            Write-Error "build.ps1: could not download or install the .NET SDK (offline machine?). Install .NET SDK $Channel yourself and put 'dotnet' on PATH, then rerun."
            exit 1
        }
        $DotNetExe = $LocalExe
        $env:DOTNET_ROOT = $LocalDotNetDir
    }
}

$Stamp = Join-Path $OutputDir ".build-stamp-$Backend"
$NeedsBuild = $true
if ((Test-Path $Stamp) -and (Test-Path $EntryDll)) {
    $StampTime = (Get-Item $Stamp).LastWriteTimeUtc
    $Sources = @(Get-ChildItem -Recurse -File -Path (Join-Path $ScriptDir "build"), (Join-Path $ScriptDir "src") |
        Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' })
    $Sources += Get-Item (Join-Path $ScriptDir "Directory.Build.props"), (Join-Path $ScriptDir "Directory.Packages.props"), $DotNetGlobalFile
    $NeedsBuild = @($Sources | Where-Object { $_.LastWriteTimeUtc -gt $StampTime }).Count -gt 0
}

if ($NeedsBuild) {
    Get-ChildItem -Path $OutputDir -Filter ".build-stamp-*" -ErrorAction SilentlyContinue | Remove-Item
    & $DotNetExe build $BuildProjectFile -c Release -nologo -v quiet -clp:NoSummary "-p:TorchBackend=$Backend"
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    New-Item -ItemType File -Force -Path $Stamp | Out-Null
}

$env:PIPELINE_REPO_ROOT = $ScriptDir
$env:PIPELINE_DOTNET = $DotNetExe
& $DotNetExe $EntryDll @PassThrough
exit $LASTEXITCODE
