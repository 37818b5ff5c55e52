package dev.stagegate.console.gate;

import dev.stagegate.core.target.Target;

/** Where the gate connects: what the command line said, or a name/URL a script or the user gives. */
public interface TargetSource {

    /** The target given on the command line; with nothing given and {@code forExample}, the embedded server. */
    Target configured(boolean forExample);

    /** {@code embedded}, a profile name, or a URL. */
    Target named(String envOrUrl);
}
