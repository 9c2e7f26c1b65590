// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;

class BrowserCheckTest
{
    private static final double[] PLOT = {20, 10, 100, 50};

    @Test
    void shouldFailAPlotWithoutDataMarks()
    {
        final BufferedImage image = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 200, 100);
        g.setColor(Color.BLACK);
        g.drawString("label", 0, 90);
        assertEquals("plot rectangle is blank (no pixel variance)", BrowserCheck.blankPlot(image, PLOT));
        g.setColor(Color.LIGHT_GRAY);
        g.drawLine(60, 10, 60, 60);
        assertEquals("plot rectangle shows no data mark (no coloured pixel)", BrowserCheck.blankPlot(image, PLOT));
        g.setColor(Color.decode(Charts.PALETTE[0]));
        g.fillOval(70, 30, 8, 8);
        assertNull(BrowserCheck.blankPlot(image, PLOT));
        assertEquals("plot rectangle has no area on screen",
            BrowserCheck.blankPlot(image, new double[] {20, 10, 3, 50}));
    }
}
