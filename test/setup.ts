import { Testing } from "cdktf";

// cdktf's matchers: toHaveResourceWithProperties and friends (snake_case Terraform keys).
Testing.setupJest();
