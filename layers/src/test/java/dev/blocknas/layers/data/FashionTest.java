package dev.blocknas.layers.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class FashionTest {

    @Test
    void embeddedFashionHasTheDocumentedSizesAndClasses() {
        Dataset train = Mnist.fashionTrain();
        Dataset test = Mnist.fashionTest();
        assertEquals(12000, train.size());
        assertEquals(10000, test.size());
        assertEquals(1, test.channels());
        assertEquals(28, test.height());
        assertEquals(10, Mnist.FASHION_CLASSES.size());
        // the complete official test set: 1,000 images of each class
        assertArrayEquals(new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000},
                Datasets.labelCounts(test));
        for (int c : Datasets.labelCounts(train)) {
            assertEquals(1183, c, 61.0, "the README gives 1,122-1,244 training images a class");
        }
        assertSame(train, Mnist.fashionTrain(), "decoded once and shared");
        assertNotEquals(MnistTest.byteSum(Mnist.embeddedTrain(), 0), MnistTest.byteSum(train, 0), "not the digits");
    }

    @Test
    void statisticsAreTheCustomaryOnesAndCloseToTheEmbeddedImages() {
        ChannelStats s = ChannelStats.of(Mnist.fashionTrain());
        assertEquals(ChannelStats.FASHION.mean()[0], s.mean()[0], 0.01);
        assertEquals(ChannelStats.FASHION.std()[0], s.std()[0], 0.01);
    }
}
