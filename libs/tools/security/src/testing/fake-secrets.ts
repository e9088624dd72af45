// Secret-shaped test values, assembled at runtime so that no scanner flags this repository itself.
export const FAKE_AWS_KEY_ID = ['AKIA', 'QW3R', 'TY7U', 'IO9P', 'ZX2C'].join('');
export const FAKE_GITHUB_TOKEN = ['ghp', '_', 'wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx'].join('');
export const FAKE_API_KEY = ['s3cr3t', 'Valu3', 'Abcdef'].join('');
export const RSA_HEADER = ['-----BEGIN', 'RSA PRIVATE KEY-----'].join(' ');
