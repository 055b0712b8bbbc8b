package dev.sessionlog.benchmarks.log;

import java.nio.file.Path;

/** The designs behind {@link SessionIndex}, as a JMH {@code @Param}. */
public enum SessionIndexKind {
    /** sessionlog's session index, kept by the store's writer. */
    SESSIONLOG {
        @Override
        public SessionIndex open(Path directory) {
            return new SessionlogIndex(directory);
        }
    },
    /** {@code sessions.json}, read and rewritten whole under a global lock file. */
    WHOLE_FILE {
        @Override
        public SessionIndex open(Path directory) {
            return new WholeFileIndex(directory);
        }
    };

    /** Opens this design's index in {@code directory}. */
    public abstract SessionIndex open(Path directory);
}
