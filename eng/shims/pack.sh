#!/usr/bin/env bash
# Re-packs the metadata-only shim into eng/feed, the folder feed nuget.config names.
# The packed .nupkg is committed, so a fresh clone restores without running this.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dotnet pack "$here/Patched.DistributedLock.Core/Patched.DistributedLock.Core.csproj" \
  -c Release -o "$here/../feed"
