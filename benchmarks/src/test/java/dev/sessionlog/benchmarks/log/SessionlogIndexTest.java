package dev.sessionlog.benchmarks.log;

class SessionlogIndexTest extends SessionIndexContract {
    @Override
    SessionIndex open(TempDirectory directory) {
        return SessionIndexKind.SESSIONLOG.open(directory.path());
    }
}
