package dev.sessionlog.cli;

import static dev.sessionlog.util.Preconditions.requireArgument;

import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * A filter applied after a source that lists items in a fixed order up to a limit it is given (a
 * store's session listing, newest first): for a criterion the source cannot apply itself, such as
 * {@code sessions --key}'s prefix at a {@code :} boundary or {@code --until}. Asking the source for
 * only as many items as are wanted would return fewer when the filter drops some; asking it for all
 * of them would have it list every item. So {@link #firstKept} asks for as many as are wanted, and, only when
 * the filter dropped some and the source had more, asks again for four times as many.
 */
final class PostFilter {
    private PostFilter() {}

    /**
     * The first {@code wanted} items of {@code source}'s list that {@code keep} accepts, in the list's
     * order; fewer only when the source has no more (or {@code most} were asked for).
     *
     * @param source the list of up to its argument's count of items; a longer list must begin as a
     *     shorter one does (the source changing between two asks, a later list is taken whole)
     * @param keep the filter
     * @param wanted how many kept items are wanted, at least 1
     * @param most the most items the source may be asked for, at least {@code wanted}
     */
    static <T> List<T> firstKept(IntFunction<List<T>> source, Predicate<? super T> keep, int wanted, int most) {
        requireArgument(wanted >= 1 && wanted <= most, "wanted must be between 1 and %s, was %s", most, wanted);
        for (int asked = wanted; ; asked = (int) Math.min(most, 4L * asked)) {
            List<T> listed = source.apply(asked);
            List<T> kept = listed.stream().filter(keep).limit(wanted).toList();
            if (kept.size() == wanted || listed.size() < asked || asked == most) {
                return kept;
            }
        }
    }
}
