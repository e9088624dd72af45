// The package ships no types; this is the shape of its parse tree (spdx-expression-parse 5).
declare module 'spdx-expression-parse' {
  export interface SpdxLicenseNode {
    license: string;
    plus?: true;
    exception?: string;
  }
  export interface SpdxConjunctionNode {
    left: SpdxExpressionNode;
    conjunction: 'and' | 'or';
    right: SpdxExpressionNode;
  }
  export type SpdxExpressionNode = SpdxLicenseNode | SpdxConjunctionNode;
  /** @throws Error when the text is not a valid SPDX expression */
  export default function parse(source: string): SpdxExpressionNode;
}
