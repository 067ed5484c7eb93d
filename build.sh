#!/usr/bin/env bash
# Bootstrap, NUKE-style: find or install the pinned .NET SDK, build the entry (build/_build.csproj)
# when its sources changed, then run it with every argument passed through.
#   ./build.sh --help            targets and parameters
#   ./build.sh Ensemble          the whole pipeline on the embedded default experiment
#   ./build.sh --cuda Ensemble   build with the CUDA libtorch backend (GPU runners; see README)
set -eo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD_PROJECT_FILE="$SCRIPT_DIR/build/_build.csproj"
DOTNET_GLOBAL_FILE="$SCRIPT_DIR/global.json"
DOTNET_INSTALL_URL="https://dot.net/v1/dotnet-install.sh"
LOCAL_DOTNET_DIR="$SCRIPT_DIR/.dotnet"
OUTPUT_DIR="$SCRIPT_DIR/build/bin/Release/net10.0/linux-x64"
ENTRY_DLL="$OUTPUT_DIR/_build.dll"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DOTNET_MULTILEVEL_LOOKUP=0

# --cuda is a build switch (which libtorch to link), not a pipeline option: take it out here.
BACKEND=cpu
ARGS=()
for arg in "$@"; do
  if [[ "$arg" == "--cuda" ]]; then BACKEND=cuda; else ARGS+=("$arg"); fi
done

# Use dotnet from PATH when it satisfies global.json (dotnet --version honours it and fails otherwise).
if command -v dotnet >/dev/null 2>&1 && (cd "$SCRIPT_DIR" && dotnet --version >/dev/null 2>&1); then
  DOTNET_EXE=$(command -v dotnet)
elif [[ -x "$LOCAL_DOTNET_DIR/dotnet" ]] && (cd "$SCRIPT_DIR" && "$LOCAL_DOTNET_DIR/dotnet" --version >/dev/null 2>&1); then
  DOTNET_EXE="$LOCAL_DOTNET_DIR/dotnet"
else
  SDK_VERSION=$(sed -n 's/.*"version"[^"]*"\([^"]*\)".*/\1/p' "$DOTNET_GLOBAL_FILE" | head -n 1)
  SDK_CHANNEL="${SDK_VERSION%.*}"
  echo "build.sh: no .NET SDK satisfying global.json ($SDK_VERSION, roll forward latestFeature) on PATH;"
  echo "build.sh: installing it into $LOCAL_DOTNET_DIR with the official install script ($DOTNET_INSTALL_URL)."
  mkdir -p "$LOCAL_DOTNET_DIR"
  INSTALLER="$LOCAL_DOTNET_DIR/dotnet-install.sh"
  if ! curl -sSfL --retry 2 "$DOTNET_INSTALL_URL" -o "$INSTALLER" 2>/dev/null \
     || ! bash "$INSTALLER" --install-dir "$LOCAL_DOTNET_DIR" --channel "$SDK_CHANNEL" --no-path; then
    echo "build.sh: ERROR: could not download or install the .NET SDK (offline machine?)." >&2
    echo "build.sh: install .NET SDK $SDK_CHANNEL yourself (https://dotnet.microsoft.com/download) and put 'dotnet' on PATH, then rerun." >&2
    exit 1
  fi
  DOTNET_EXE="$LOCAL_DOTNET_DIR/dotnet"
  export DOTNET_ROOT="$LOCAL_DOTNET_DIR"
fi

# Rebuild the entry only when a source, project or props file is newer than the last good build,
# or the backend changed: a no-op build must answer at once (dotnet build alone costs seconds).
STAMP="$OUTPUT_DIR/.build-stamp-$BACKEND"
needs_build=1
if [[ -f "$STAMP" && -f "$ENTRY_DLL" ]]; then
  changed=$(find "$SCRIPT_DIR/build" "$SCRIPT_DIR/src" "$SCRIPT_DIR/Directory.Build.props" \
    "$SCRIPT_DIR/Directory.Packages.props" "$SCRIPT_DIR/global.json" \
    \( -path '*/bin' -o -path '*/obj' \) -prune -o -type f -newer "$STAMP" -print -quit)
  [[ -z "$changed" ]] && needs_build=0
fi

if [[ $needs_build == 1 ]]; then
  rm -f "$OUTPUT_DIR"/.build-stamp-*
  "$DOTNET_EXE" build "$BUILD_PROJECT_FILE" -c Release -nologo -v quiet -clp:NoSummary \
    -p:TorchBackend="$BACKEND" >&2
  touch "$STAMP"
fi

export PIPELINE_REPO_ROOT="$SCRIPT_DIR"
export PIPELINE_DOTNET="$DOTNET_EXE"
exec "$DOTNET_EXE" "$ENTRY_DLL" "${ARGS[@]}"
