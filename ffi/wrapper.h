/* The OpenSSL 3 provider core ABI: the only OpenSSL surface ferrofips binds to. */
#include <openssl/core.h>
#include <openssl/core_dispatch.h>
#include <openssl/core_names.h>
#include <openssl/self_test.h>
#include <openssl/fips_names.h>
