# gohook for PowerShell 7 — put
#   Invoke-Expression (& gohook init pwsh | Out-String)
# in $PROFILE.
#
# Before every prompt, and when the location changes, _gohook_hook checks
# with cmdlets only (no process) whether the directory, PATH, or any file
# that decided the current Go changed. Only then does it run
# `gohook export pwsh` once and invoke what it prints.

# Scripts get no hook: -NonInteractive, or -Command/-File (or a script
# path, which is -File) without -NoExit. Arguments after the first are
# pwsh's; the first is pwsh itself.
$_gohook_args = @([Environment]::GetCommandLineArgs() | Select-Object -Skip 1)
if (-not ($_gohook_args -match '^[-/]noni(nteractive)?$') -and
    (($_gohook_args -match '^[-/]noe(xit)?$') -or
     -not ($_gohook_args -match '^[-/](c|command|f|file|e|ec|encodedcommand)$|\.ps1$'))) {

    # gohook's own path, quoted when this snippet was generated.
    $global:_GOHOOK_EXE = @GOHOOK_EXE@

    # _gohook_stale is true when something gohook's last answer depended
    # on has changed since.
    function global:_gohook_stale {
        if ($PWD.ProviderPath -cne $global:_GOHOOK_PWD -or $env:PATH -cne $global:_GOHOOK_PATH -or
            "${env:GOHOOK_GO}:${env:GOTOOLCHAIN}:${env:GOWORK}" -cne $global:_GOHOOK_ENV -or
            -not $global:_GOHOOK_STAMP) {
            return $true
        }
        $stamp = Get-Item -LiteralPath $global:_GOHOOK_STAMP -Force -ErrorAction Ignore
        if (-not $stamp) { return $true }
        # The stamp's mtime is the newest of the watched paths' at the last
        # export: anything newer was edited, created or removed since.
        foreach ($f in $global:_GOHOOK_WATCH) {
            $item = Get-Item -LiteralPath $f -Force -ErrorAction Ignore
            if ($item -and $item.LastWriteTimeUtc -gt $stamp.LastWriteTimeUtc) { return $true }
        }
        return $false
    }

    function global:_gohook_hook {
        # Only filesystem locations have a Go project (not HKLM:, Env:, …).
        if ($PWD.Provider.Name -ne 'FileSystem' -or -not (_gohook_stale)) { return }
        # gohook prints UTF-8; Windows consoles default to an OEM code page,
        # which would mangle non-ASCII paths on the way in.
        $encoding = [Console]::OutputEncoding
        try {
            [Console]::OutputEncoding = [Text.UTF8Encoding]::new($false)
            $code = (& $global:_GOHOOK_EXE export pwsh) -join "`n"
            if ($code) { Invoke-Expression $code }
            # Tells `gohook doctor`, a child process, that the hook runs here.
            $env:_GOHOOK_SHELL = 'pwsh'
        } finally {
            [Console]::OutputEncoding = $encoding
            # What this answer was computed for, compared on the next prompt
            # (even after a failure, so a broken install is reported once).
            $global:_GOHOOK_PWD = $PWD.ProviderPath
            $global:_GOHOOK_PATH = $env:PATH
            $global:_GOHOOK_ENV = "${env:GOHOOK_GO}:${env:GOTOOLCHAIN}:${env:GOWORK}"
        }
    }

    # `gohook shell` must change this session's own environment, which a
    # child process cannot: the function invokes what the command prints.
    function global:gohook {
        if ($args.Count -gt 0 -and $args[0] -eq 'shell') {
            $code = (& $global:_GOHOOK_EXE @args '--shell=pwsh') -join "`n"
            if ($LASTEXITCODE -eq 0 -and $code) { Invoke-Expression $code }
        } else {
            & $global:_GOHOOK_EXE @args
        }
    }

    # Install once: sourcing this twice must not wrap the prompt twice.
    if (-not $global:_GOHOOK_PROMPT) {
        $global:_GOHOOK_PROMPT = $function:prompt
        function global:prompt {
            # Keep $? and $LASTEXITCODE for the user's prompt.
            $ok = $global:?
            $exit = $global:LASTEXITCODE
            try { _gohook_hook } catch { Write-Host "gohook: $_" }
            $global:LASTEXITCODE = $exit
            # $? is read-only: re-create a success or a failure, as
            # starship does, just before the original prompt runs.
            if ($ok) { $null = 1 } else { Write-Error '' -ErrorAction Ignore }
            & $global:_GOHOOK_PROMPT
        }

        # PowerShell 6+ also tells us when the location changes, so
        # `cd proj; go version` on one line sees the project's Go.
        $ic = $ExecutionContext.SessionState.InvokeCommand
        if ($ic.PSObject.Properties['LocationChangedAction']) {
            $ic.LocationChangedAction = [Delegate]::Combine($ic.LocationChangedAction,
                [EventHandler[System.Management.Automation.LocationChangedEventArgs]] {
                    $exit = $global:LASTEXITCODE
                    try { _gohook_hook } catch { Write-Host "gohook: $_" }
                    $global:LASTEXITCODE = $exit
                })
        }
    }
}
Remove-Variable -Name _gohook_args -ErrorAction Ignore
