// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TablesCommandTest
{
    private static final String SCENARIO = String.join("\n",
        "vpcs:",
        "  - {name: vpc1, id: VPC01, vni: 100}",
        "  - {name: vpc2, id: VPC02, vni: 200}",
        "peerings:",
        "  - name: p",
        "    left:",
        "      vpc: vpc1",
        "      expose:",
        "        - ips: [10.0.0.0/24]",
        "          nat: {mode: masquerade, as: [1.1.1.0/30]}",
        "    right:",
        "      vpc: vpc2",
        "      expose:",
        "        - ips: [20.0.0.0/24]",
        "");

    @TempDir
    Path dir;

    private String[] run(final String... args)
    {
        final PrintStream out = System.out;
        final PrintStream err = System.err;
        final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try
        {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            final int status = Flowgate.execute(args);
            return new String[] {Integer.toString(status), outBytes.toString(StandardCharsets.UTF_8),
                errBytes.toString(StandardCharsets.UTF_8)};
        }
        finally
        {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void shouldPrintTablesPerSourceVpc() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("s.yaml"), SCENARIO);
        final String[] result = run("tables", file.toString());
        assertEquals("0", result[0], result[2]);
        assertTrue(result[1].contains("source VPC vpc1 (VNI 100)"), result[1]);
        assertTrue(result[1].contains("from 10.0.0.0/24"), result[1]);
        assertTrue(result[1].contains("to 20.0.0.0/24 => Single(vpc2 src-nat=Stateful dst-nat=none)"), result[1]);
        assertTrue(result[1].contains("to 1.1.1.0/30 => Single(vpc1 src-nat=none dst-nat=Stateful)"), result[1]);

        final String[] only = run("tables", file.toString(), "--vpc", "vpc2");
        assertEquals("0", only[0]);
        assertFalse(only[1].contains("vpc1 (VNI 100)"), only[1]);
    }

    @Test
    void shouldReportBadFilesInOneLinePerProblem() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("bad.yaml"),
            SCENARIO.replace("20.0.0.0/24", "20.0.0.0/33").replace("vni: 200", "vni: 0"));
        final String[] result = run("tables", file.toString());
        assertEquals("2", result[0]);
        assertEquals(2, result[2].strip().split("\n").length, result[2]);
        assertTrue(result[2].contains("bad.yaml:"), result[2]);

        final String[] missing = run("tables", dir.resolve("none.yaml").toString());
        assertEquals("2", missing[0]);
        assertEquals(1, missing[2].strip().split("\n").length, missing[2]);

        final String[] unknownVpc = run("tables", Files.writeString(dir.resolve("ok.yaml"), SCENARIO).toString(),
            "--vpc", "nope");
        assertEquals("2", unknownVpc[0]);
    }
}
