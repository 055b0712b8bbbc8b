package dev.sessionlog.benchmarks.log;

class RawChronicleLogTest extends EventLogContract {
    @Override
    EventLog open(TempDirectory directory) {
        return EventLogKind.RAW_CHRONICLE.open(directory.path());
    }
}
