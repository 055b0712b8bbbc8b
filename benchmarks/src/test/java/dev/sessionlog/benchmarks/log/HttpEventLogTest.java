package dev.sessionlog.benchmarks.log;

/** The HTTP design keeps the facade's contract: what was appended over HTTP reads back in order. */
class HttpEventLogTest extends EventLogContract {
    @Override
    EventLog open(TempDirectory directory) {
        return EventLogKind.SESSIONLOG_HTTP.open(directory.path());
    }
}
