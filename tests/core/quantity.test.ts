/**
 * Kubernetes quantities as numbers, checked against the suffixes and examples of the API's
 * quantity type (https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/).
 */
import * as assert from "node:assert/strict";
import { quantityValue } from "../../sdk/core/quantity";

describe("quantityValue", () => {
  it("reads decimal and binary suffixes and exponents as the API defines them", () => {
    assert.equal(quantityValue("5500m"), 5.5);
    assert.equal(quantityValue("30"), 30);
    assert.equal(quantityValue("100Gi"), 100 * 1024 ** 3);
    assert.equal(quantityValue("128974848"), 128974848);
    assert.equal(quantityValue("129e6"), 129e6);
    assert.equal(quantityValue("129M"), 129e6);
    assert.equal(quantityValue("123Mi"), 123 * 1024 ** 2);
    assert.equal(quantityValue(".5"), 0.5);
    assert.equal(quantityValue(2), 2);
  });

  it("is undefined for what is not a quantity", () => {
    for (const q of ["", "Gi", "1 Gi", "1GB", "one", "1.2.3"]) assert.equal(quantityValue(q), undefined, q);
  });
});
