// Imported first by the key-rotation spec: the e2e secret becomes the previous one.
export const PREVIOUS_SECRET = process.env.JWT_SECRET as string;
process.env.JWT_PREVIOUS_SECRET = PREVIOUS_SECRET;
process.env.JWT_SECRET = 'the-rotated-in-signing-secret-of-32-bytes+';
