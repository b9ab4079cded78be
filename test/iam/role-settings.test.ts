import { mergeRoleSettings, validateRoleSettings } from "../../modules/iam/role-settings";
import { validationErrorOf } from "../support/helpers";

const BOUNDARY = "arn:aws:iam::123456789012:policy/platform-boundary";

describe("role settings", () => {
  test("merge layer by layer: the last boundary and path win, tags are merged key by key", () => {
    expect(
      mergeRoleSettings({ permissionsBoundary: BOUNDARY, path: "/platform/", tags: { Team: "platform", Cost: "shared" } }, undefined, {
        path: "/eks/",
        tags: { Cost: "orders" },
      }),
    ).toEqual({ permissionsBoundary: BOUNDARY, path: "/eks/", tags: { Team: "platform", Cost: "orders" } });
  });

  test("merge leaves out what no layer gives, so a role without settings synthesizes as before", () => {
    expect(mergeRoleSettings(undefined, {}, { tags: undefined })).toEqual({});
  });

  test("fails when the boundary is not an IAM policy ARN, naming the field", () => {
    const error = validationErrorOf(() => validateRoleSettings("roleDefaults", { permissionsBoundary: "arn:aws:iam::123456789012:role/boundary" }));
    expect(error.field).toBe("roleDefaults.permissionsBoundary");
    expect(error.message).toMatch(/^roleDefaults.permissionsBoundary "arn:aws:iam::123456789012:role\/boundary" is invalid: expected an IAM policy ARN/);
  });

  test("fails when the path is not an IAM path, or a tag is not an IAM tag", () => {
    expect(() => validateRoleSettings("roleDefaults", { path: "platform" })).toThrow(
      /^roleDefaults.path "platform" is invalid: an IAM path is '\/' or starts and ends with '\/'/,
    );
    expect(() => validateRoleSettings("nodeRoleSettings", { tags: { "aws:x": "y" } })).toThrow(
      "nodeRoleSettings.tags key \"aws:x\" is invalid: tag keys starting with 'aws:' are reserved for AWS",
    );
  });
});
