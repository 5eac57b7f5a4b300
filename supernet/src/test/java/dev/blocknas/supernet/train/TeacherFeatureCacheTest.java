package dev.blocknas.supernet.train;

import dev.blocknas.layers.arch.Network;
import dev.blocknas.layers.arch.NetworkBuilder;
import dev.blocknas.layers.data.Augment;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.space.SearchSpaces;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Kept teacher features have the bits of a new pass over a batch of other images around them. */
class TeacherFeatureCacheTest {
    private static final SearchSpace SPACE = SearchSpaces.mnist();
    private static final Task TASK = Tasks.limit(Tasks.mnist(0.1, 7), 64, 16, 16);

    private static Tensor images(int[] samples) {
        int len = 28 * 28;
        float[] px = new float[samples.length * len];
        for (int i = 0; i < samples.length; i++) TASK.train().image(samples[i], px, i * len);
        return Tensor.of(Device.CPU, px, samples.length, 1, 28, 28);
    }

    @Test
    void keptFeaturesAreThoseOfANewPassInAnotherBatch() {
        try (Network net = NetworkBuilder.build(Teacher.defaultArchitecture(SPACE, 1.0), 1, 10, new Rng(3),
                Device.CPU); Scope s = Scope.open()) {
            Teacher teacher = new Teacher(net, SPACE);
            TeacherFeatureCache cache = TeacherFeatureCache.of(teacher, TASK, Device.CPU);
            assertNotNull(cache);
            int[] first = new int[24];
            for (int i = 0; i < first.length; i++) first[i] = i;
            cache.features(images(first), first);
            // The same images, shuffled and at other positions, in a batch of another size.
            int[] later = {17, 3, 22, 0, 9, 11, 5, 23, 14, 1};
            List<Tensor> kept = cache.features(images(later), later);
            List<Tensor> fresh = teacher.features(images(later));
            for (int b = 0; b < fresh.size(); b++) {
                assertArrayEquals(fresh.get(b).shape().toArray(), kept.get(b).shape().toArray());
                assertArrayEquals(fresh.get(b).toArray(), kept.get(b).toArray(), 0f, "block " + b);
            }
        }
    }

    @Test
    void augmentedOrGpuTrainingHasNoCache() {
        try (Network net = NetworkBuilder.build(Teacher.defaultArchitecture(SPACE, 1.0), 1, 10, new Rng(3),
                Device.CPU)) {
            Teacher teacher = new Teacher(net, SPACE);
            Task augmented = new Task(TASK.name(), TASK.train(), TASK.heldOut(), TASK.test(), TASK.stats(),
                    Augment.randomCrop(2));
            assertNull(TeacherFeatureCache.of(teacher, augmented, Device.CPU));
            assertNull(TeacherFeatureCache.of(teacher, TASK, Device.cuda(0)));
        }
    }
}
